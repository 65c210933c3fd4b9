using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class PoolingTests
{
    // 1..16 as a (1, 1, 4, 4) image.
    private static Tensor Image() => arange(1, 17, dtype: float32).view(1, 1, 4, 4);

    [Fact]
    public void MaxPoolTakesTheLargestOfEachWindow()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([1, 1, 2, 2], [6, 8, 14, 16], F.max_pool2d(Image(), [2]));
        TensorAssert.Equal([1, 1, 2, 2], [11, 12, 15, 16], F.max_pool2d(Image(), [3], strides: [1]));
        TensorAssert.Equal([1, 1, 3, 3], [1, 3, 4, 9, 11, 12, 13, 15, 16], F.max_pool2d(Image(), [2], padding: [1]));
    }

    [Fact]
    public void AvgPoolAveragesEachWindow()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([1, 1, 2, 2], [3.5f, 5.5f, 11.5f, 13.5f], F.avg_pool2d(Image(), [2]));
        // A padded corner window holds 1 real pixel of 4: counted as 1/4, or as 1/1 without the padding.
        TensorAssert.Equal([1], [0.25f], F.avg_pool2d(Image(), [2], padding: [1]).flatten().narrow(0, 0, 1));
        TensorAssert.Equal([1], [1f], F.avg_pool2d(Image(), [2], padding: [1], count_include_pad: false).flatten().narrow(0, 0, 1));
        TensorAssert.Equal([1, 1, 2, 2], [7, 11, 23, 27], F.avg_pool2d(Image(), [2], divisor_override: 2));
    }

    [Fact]
    public void CeilModeKeepsAPartialLastWindow()
    {
        using var scope = NewDisposeScope();
        var five = arange(25, dtype: float32).view(1, 1, 5, 5);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, F.max_pool2d(five, [2]).shape);
        TensorAssert.Equal([1, 1, 3, 3], [6, 8, 9, 16, 18, 19, 21, 23, 24], F.max_pool2d(five, [2], ceil_mode: true));
    }
}
