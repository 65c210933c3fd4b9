using StyleFarm.Kernels.Temporal;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Temporal;

public sealed class WarpingTests
{
    [Fact]
    public void SubPixelTranslationOfALinearImageIsWarpedExactly()
    {
        // Bilinear interpolation is exact on a linear image, so every sample inside must be exact.
        const int width = 24, height = 16;
        const float u = 0.3f, v = -0.6f;
        using var scope = NewDisposeScope();
        var pixels = new float[3 * height * width];
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            pixels[(c * height + y) * width + x] = Linear(c, x, y);
        var image = tensor(pixels, [1, 3, height, width]);
        var flow = full([1, height, width, 2], 0f);
        flow.narrow(3, 0, 1).fill_(u);
        flow.narrow(3, 1, 1).fill_(v);

        var warped = Warping.Warp(image, flow).data<float>().ToArray();

        for (var c = 0; c < 3; c++)
        for (var y = 1; y < height; y++)
        for (var x = 0; x < width - 1; x++)
            Assert.InRange(warped[(c * height + y) * width + x] - Linear(c, x + u, y + v), -1e-5f, 1e-5f);
    }

    [Fact]
    public void IntegerFlowCopiesPixelsUpToFloatRounding()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var image = rand([1, 3, 10, 12]);
        var flow = zeros([1, 10, 12, 2]);
        flow.narrow(3, 0, 1).fill_(2f);
        flow.narrow(3, 1, 1).fill_(1f);

        var warped = Warping.Warp(image, flow);

        var expected = image.narrow(2, 1, 9).narrow(3, 2, 10).data<float>().ToArray();
        var actual = warped.narrow(2, 0, 9).narrow(3, 0, 10).data<float>().ToArray();
        // The normalised-coordinate round trip of grid_sample costs ~1e-6 in position, no more.
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.InRange(actual[i] - expected[i], -2e-6f, 2e-6f);
    }

    [Fact]
    public void InsideMaskIsZeroExactlyWhereTheTargetLeavesTheImage()
    {
        using var scope = NewDisposeScope();
        var flow = zeros([1, 4, 8, 2]);
        flow.narrow(3, 0, 1).fill_(2.5f); // x + 2.5 > 7 for x ≥ 5

        var inside = Warping.InsideMask(flow).data<float>().ToArray();

        for (var y = 0; y < 4; y++)
            Assert.Equal(new float[] { 1, 1, 1, 1, 1, 0, 0, 0 }, inside.AsSpan(y * 8, 8).ToArray());
    }

    [Fact]
    public void MismatchedImageAndFlowSizesAreRejected()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => Warping.Warp(zeros([1, 3, 8, 8]), zeros([1, 8, 9, 2])));
        Assert.Contains("[1,3,8,8]", error.Message);
    }

    private static float Linear(int c, float x, float y) => 0.01f * (c + 1) * x - 0.02f * y + 0.1f * c + 0.5f;
}
