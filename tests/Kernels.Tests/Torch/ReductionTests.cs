using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class ReductionTests
{
    private static Tensor Matrix() => tensor(new[] { 1f, 2, 3, 4, 5, 6 }, [2, 3]);

    [Fact]
    public void WholeTensorReductionsGiveZeroDimTensors()
    {
        using var scope = NewDisposeScope();
        var x = Matrix();
        Assert.Empty(x.sum().shape);
        Assert.Equal(21f, x.sum().item<float>());
        Assert.Equal(3.5f, x.mean().item<float>());
        Assert.Equal(6f, x.max().item<float>());
        Assert.Equal(1f, x.min().item<float>());
    }

    [Fact]
    public void ReductionsOverDimensionsKeepOrDropThem()
    {
        using var scope = NewDisposeScope();
        var x = Matrix();
        TensorAssert.Equal([3], [5, 7, 9], x.sum([0]));
        TensorAssert.Equal([2, 1], [6, 15], x.sum([1], keepdim: true));
        TensorAssert.Equal([2], [2, 5], x.mean([1]));
        TensorAssert.Equal([1, 1], [3.5f], x.mean([0, 1], keepdim: true));
        TensorAssert.Equal([2], [3, 6], x.amax([1]));
        TensorAssert.Equal([1, 3], [1, 2, 3], x.amin([0], keepdim: true));
        TensorAssert.Equal([], [21], x.sum([-2, -1]));
    }

    [Fact]
    public void NormIsTheEuclideanLengthAndDotTheInnerProduct()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(5f, tensor(new[] { 3f, 4f }).norm().item<float>());
        // An int argument picks the dim overload (as in TorchSharp): pass p as a double.
        Assert.Equal(7f, tensor(new[] { 3f, -4f }).norm(1.0f).item<float>());
        Assert.Equal(7f, tensor(new[] { 3f, -4f }).norm(p: 1).item<float>());
        TensorAssert.Equal([2], [5, 10], tensor(new[] { 3f, 4, 6, 8 }, [2, 2]).norm(1));
        Assert.Equal(32f, tensor(new[] { 1f, 2, 3 }).dot(tensor(new[] { 4f, 5, 6 })).item<float>());
    }

}
