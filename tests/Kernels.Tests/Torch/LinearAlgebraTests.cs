using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class LinearAlgebraTests
{
    [Fact]
    public void MmAndMatmulMultiplyMatrices()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1f, 2, 3, 4 }, [2, 2]);
        var b = tensor(new[] { 5f, 6, 7, 8 }, [2, 2]);
        TensorAssert.Equal([2, 2], [19, 22, 43, 50], a.mm(b));
        TensorAssert.Equal([2, 2], [19, 22, 43, 50], matmul(a, b));
        TensorAssert.Equal([2], [17, 39], a.matmul(tensor(new[] { 5f, 6 })));
    }

    [Fact]
    public void BmmAndBatchedMatmulMultiplyEachPair()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1f, 2, 3, 4, 1, 0, 0, 1 }, [2, 2, 2]);
        var b = tensor(new[] { 5f, 6, 7, 8, 2, 3, 4, 5 }, [2, 2, 2]);
        TensorAssert.Equal([2, 2, 2], [19, 22, 43, 50, 2, 3, 4, 5], bmm(a, b));
        // matmul broadcasts one matrix over the batch.
        TensorAssert.Equal([2, 2, 2], [19, 22, 43, 50, 5, 6, 7, 8], a.matmul(b.narrow(0, 0, 1).squeeze(0)));
    }

    [Fact]
    public void TransposeAndTSwapDimensions()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1f, 2, 3, 4, 5, 6 }, [2, 3]);
        TensorAssert.Equal([3, 2], [1, 4, 2, 5, 3, 6], a.t());
        TensorAssert.Equal([3, 2], [1, 4, 2, 5, 3, 6], a.transpose(0, 1));
        // A Gram matrix F·Fᵀ, as the style loss builds it.
        TensorAssert.Equal([2, 2], [14, 32, 32, 77], a.mm(a.t()));
    }


    [Fact]
    public void MixingDtypesInAMatrixProductRaisesLibtorchsDtypeMessage()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => ones([2, 2]).mm(ones([2, 2], float64)));
        Assert.Contains("Double", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
