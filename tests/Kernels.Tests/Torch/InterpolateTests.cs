using static StyleFarm.Kernels.Torch.torch;
using F = StyleFarm.Kernels.Torch.torch.nn.functional;
using InterpolationMode = StyleFarm.Kernels.Torch.InterpolationMode;

namespace StyleFarm.Kernels.Tests.Torch;

public class InterpolateTests
{
    // 0 1 / 2 3 as a (1, 1, 2, 2) image.
    private static Tensor Image() => arange(4, dtype: float32).view(1, 1, 2, 2);

    [Fact]
    public void NearestDoublingRepeatsEachPixelTwiceEachWay()
    {
        using var scope = NewDisposeScope();
        float[] expected = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3];
        TensorAssert.Equal([1, 1, 4, 4], expected, F.interpolate(Image(), scale_factor: [2]));
        TensorAssert.Equal([1, 1, 4, 4], expected, F.interpolate(Image(), size: [4, 4]));
        TensorAssert.Equal([1, 1, 2, 4], [0, 0, 1, 1, 2, 2, 3, 3], F.interpolate(Image(), size: [2, 4]));
    }

    [Fact]
    public void BilinearWithAlignedCornersPutsMidpointsBetweenPixels()
    {
        using var scope = NewDisposeScope();
        var y = F.interpolate(Image(), size: [3], mode: InterpolationMode.Bilinear, align_corners: true);
        TensorAssert.Equal([1, 1, 3, 3], [0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3], y);
    }

    [Fact]
    public void BilinearHalfPixelCentresClampAtTheBorder()
    {
        using var scope = NewDisposeScope();
        // Output pixel i samples input coordinate (i + 0.5)/2 − 0.5, clamped to [0, 1]: 0, 0.25, 0.75, 1.
        var y = F.interpolate(Image(), scale_factor: [2], mode: InterpolationMode.Bilinear);
        TensorAssert.Equal([1, 1, 4, 4],
            [0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3], y);
    }

    [Fact]
    public void DownscalingByHalfWithNearestKeepsEveryOtherPixel()
    {
        using var scope = NewDisposeScope();
        var x = arange(16, dtype: float32).view(1, 1, 4, 4);
        TensorAssert.Equal([1, 1, 2, 2], [0, 2, 8, 10], F.interpolate(x, scale_factor: [0.5]));
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirReason()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("align_corners", Assert.Throws<ArgumentException>(() =>
            F.interpolate(Image(), size: [4], align_corners: true)).Message);
        Assert.Contains("4-D", Assert.Throws<ArgumentException>(() =>
            F.interpolate(arange(4, dtype: float32), size: [4])).Message);
        Assert.Contains("exactly one", Assert.Throws<ArgumentException>(() =>
            F.interpolate(Image(), size: [4], scale_factor: [2])).Message);
    }
}
