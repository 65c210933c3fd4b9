using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class CreationTests
{
    [Fact]
    public void ZerosOnesAndFullHoldTheirValuesAsFloat32ByDefault()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([2, 2], [0, 0, 0, 0], zeros([2, 2]));
        TensorAssert.Equal([3], [1, 1, 1], ones([3]));
        TensorAssert.Equal([1, 2], [2.5f, 2.5f], full([1, 2], 2.5));
        Assert.Equal(ScalarType.Float32, zeros([1]).dtype);
        Assert.Equal(ScalarType.Int64, zeros([1], int64).dtype);
        Assert.Equal(new long[] { 2, 3, 4 }, empty([2, 3, 4]).shape);
    }


    [Fact]
    public void ArangeAndLinspaceCountAsTorchDoes()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new[] { 0L, 1, 2, 3, 4 }, arange(5).data<long>().ToArray());
        Assert.Equal(new[] { 2L, 5, 8 }, arange(2, 10, 3).data<long>().ToArray());
        TensorAssert.Equal([4], [0f, 0.25f, 0.5f, 0.75f], arange(0, 1, 0.25));
        TensorAssert.Equal([5], [0f, 0.25f, 0.5f, 0.75f, 1f], linspace(0, 1, 5));
        Assert.Equal(new[] { -1.0, 0.0, 1.0 }, linspace(-1, 1, 3, float64).data<double>().ToArray());
    }


    [Fact]
    public void ManualSeedMakesRandomTensorsRepeatable()
    {
        using var scope = NewDisposeScope();
        manual_seed(1234);
        var first = randn([16]).data<float>().ToArray();
        var firstUniform = rand([16]).data<float>().ToArray();
        manual_seed(1234);
        var second = randn([16]).data<float>().ToArray();
        var secondUniform = rand([16]).data<float>().ToArray();
        manual_seed(4321);
        var other = randn([16]).data<float>().ToArray();

        Assert.Equal(first, second);
        Assert.Equal(firstUniform, secondUniform);
        Assert.NotEqual(first, other);
        Assert.All(firstUniform, v => Assert.InRange(v, 0f, 0.99999994f));
    }

    [Fact]
    public void RequiresGradFlagMakesALeafThatTracksGradients()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        Assert.True(x.requires_grad);
        Assert.True(x.is_leaf);
        Assert.False(zeros([2]).requires_grad);
        Assert.True(tensor(new[] { 1f }, requires_grad: true).requires_grad);
    }

    [Fact]
    public void ToStringSummarisesShapeDtypeAndDevice()
    {
        using var t = zeros([2, 3]);
        Assert.Equal("[2x3], type = Float32, device = cpu", t.ToString());
    }
}
