using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class ShapeTests
{
    private static Tensor Counting(params long[] shape) =>
        arange(shape.Aggregate(1L, (a, b) => a * b), dtype: float32).reshape(shape);

    [Fact]
    public void ViewAndReshapeKeepRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        var x = Counting(2, 3);
        TensorAssert.Equal([3, 2], [0, 1, 2, 3, 4, 5], x.view(3, 2));
        TensorAssert.Equal([6], [0, 1, 2, 3, 4, 5], x.reshape(-1));
        Assert.Equal(new long[] { 1, 6 }, x.view(1, -1).shape);
        Assert.Equal(2L, x.dim());
        Assert.Equal(6L, x.numel());
        Assert.Equal(3L, x.size(-1));
        Assert.Throws<ExternalException>(() => x.size(2));
    }

    [Fact]
    public void ViewOfANonContiguousTensorRaisesAndReshapeCopies()
    {
        using var scope = NewDisposeScope();
        var t = Counting(2, 3).t();
        var error = Assert.Throws<ExternalException>(() => t.view(6));
        Assert.Contains("view size is not compatible", error.Message);
        TensorAssert.Equal([6], [0, 3, 1, 4, 2, 5], t.reshape(6));
        TensorAssert.Equal([6], [0, 3, 1, 4, 2, 5], t.contiguous().view(6));
    }

    [Fact]
    public void PermuteReordersDimensions()
    {
        using var scope = NewDisposeScope();
        var hwc = Counting(2, 2, 3);
        TensorAssert.Equal([3, 2, 2], [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11], hwc.permute(2, 0, 1));
    }

    [Fact]
    public void NarrowSelectsARange()
    {
        using var scope = NewDisposeScope();
        var x = Counting(3, 4);
        TensorAssert.Equal([3, 2], [1, 2, 5, 6, 9, 10], x.narrow(1, 1, 2));
        TensorAssert.Equal([1, 4], [8, 9, 10, 11], x.narrow(0, 2, 1));
        Assert.Throws<ExternalException>(() => x.narrow(0, 2, 2));
    }

    [Fact]
    public void CatJoinsAlongADimensionAndStackAddsOne()
    {
        using var scope = NewDisposeScope();
        var a = Counting(2, 2);
        var b = Counting(2, 2) + 10;
        TensorAssert.Equal([4, 2], [0, 1, 2, 3, 10, 11, 12, 13], cat([a, b], 0));
        TensorAssert.Equal([2, 4], [0, 1, 10, 11, 2, 3, 12, 13], cat([a, b], 1));
        TensorAssert.Equal([2, 2, 2], [0, 1, 2, 3, 10, 11, 12, 13], stack([a, b]));
        Assert.Equal(new long[] { 2, 2, 2 }, stack([a, b], 2).shape);
        Assert.Throws<ExternalException>(() => cat([a, Counting(3)], 0));
        Assert.Throws<ArgumentException>(() => cat([]));
    }

    [Fact]
    public void SqueezeUnsqueezeAndFlattenChangeOnlyTheShape()
    {
        using var scope = NewDisposeScope();
        var x = Counting(1, 3, 1, 2);
        Assert.Equal(new long[] { 3, 2 }, x.squeeze().shape);
        Assert.Equal(new long[] { 3, 1, 2 }, x.squeeze(0).shape);
        Assert.Equal(new long[] { 1, 3, 1, 2, 1 }, x.unsqueeze(-1).shape);
        Assert.Equal(new long[] { 6 }, x.flatten().shape);
        Assert.Equal(new long[] { 1, 6 }, x.flatten(1).shape);
        TensorAssert.Equal([1, 3, 2], [0, 1, 2, 3, 4, 5], x.flatten(1, 2));
    }

    [Fact]
    public void ExpandRepeatsASizeOneDimension()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([2, 3], [0, 1, 2, 0, 1, 2], Counting(1, 3).expand(2, -1));
        Assert.Throws<ExternalException>(() => Counting(2, 3).expand(4, 3));
    }

    [Fact]
    public void CloneOwnsItsMemoryWhileDetachSharesIt()
    {
        using var scope = NewDisposeScope();
        var x = Counting(3);
        var copy = x.clone();
        var shared = x.detach();
        x.fill_(7);
        TensorAssert.Equal([3], [0, 1, 2], copy);
        TensorAssert.Equal([3], [7, 7, 7], shared);
    }

    [Fact]
    public void IndexSelectPicksEntriesAndWantsIntegerIndices()
    {
        using var scope = NewDisposeScope();
        var x = Counting(3, 2);
        TensorAssert.Equal([3, 2], [4, 5, 0, 1, 4, 5], x.index_select(0, tensor(new[] { 2L, 0L, 2L })));
        var error = Assert.Throws<ExternalException>(() => x.index_select(0, tensor(new[] { 1f })));
        Assert.Contains("index", error.Message);
    }
}
