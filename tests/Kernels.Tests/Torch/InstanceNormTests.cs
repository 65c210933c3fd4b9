using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class InstanceNormTests
{
    [Fact]
    public void EachChannelOfEachSampleGetsMeanZeroAndVarianceOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var x = randn([2, 3, 6, 5]) * 4 + 3;
        var y = F.instance_norm(x);
        var means = y.mean([2, 3]).data<float>().ToArray();
        var variances = (y - y.mean([2, 3], keepdim: true)).square().mean([2, 3]).data<float>().ToArray();
        Assert.Equal(6, means.Length);
        TensorAssert.Close(new double[6], means.Select(v => (double)v).ToArray(), 1e-5);
        TensorAssert.Close(Enumerable.Repeat(1.0, 6).ToArray(), variances.Select(v => (double)v).ToArray(), 1e-4);
    }

    [Fact]
    public void TwoPixelsBecomeMinusAndPlusOneOverRootOnePlusEps()
    {
        using var scope = NewDisposeScope();
        var y = F.instance_norm(tensor(new[] { 1f, 3f }, [1, 1, 1, 2]));
        var expected = (float)(1 / Math.Sqrt(1 + 1e-5));
        TensorAssert.Close([-expected, expected], y, 1e-6);
        var plain = F.instance_norm(tensor(new[] { 1f, 3f }, [1, 1, 1, 2]), eps: 0);
        TensorAssert.Equal([1, 1, 1, 2], [-1, 1], plain);
    }

    [Fact]
    public void WeightAndBiasScaleAndShiftEachChannel()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 3f, 10f, 20f }, [1, 2, 1, 2]);
        var y = F.instance_norm(x, weight: tensor(new[] { 2f, 3f }), bias: tensor(new[] { 5f, -1f }), eps: 0);
        Assert.Equal(new long[] { 1, 2, 1, 2 }, y.shape);
        TensorAssert.Close([3, 7, -4, 2], y, 1e-6);
    }
}
