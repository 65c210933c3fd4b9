using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Tests.Imaging;

public sealed class RgbFloatFrameTests
{
    [Fact]
    public void FromRgbFrame_ThenToRgbFrame_ReturnsEvery8BitLevelUnchanged()
    {
        var levels = Enumerable.Range(0, 256).SelectMany(v => new[] { (byte)v, (byte)(255 - v), (byte)(v / 2) }).ToArray();
        var frame = new RgbFrame(16, 16, levels);

        var floats = RgbFloatFrame.FromRgbFrame(frame);

        Assert.Equal(1f, floats[0, 0, 1]);
        Assert.Equal(128 / 255f, floats[128 % 16, 128 / 16, 0]);
        Assert.Equal(levels, floats.ToRgbFrame().Pixels);
    }

    [Fact]
    public void ToRgbFrame_ClampsOutOfRangeSamplesAndReadsNaNAsBlack()
    {
        var frame = new RgbFloatFrame(2, 1, [-0.5f, 1.5f, float.NaN, 0.2f, 0.502f, 1f]);

        // 0.2·255 = 51 exactly; 0.502·255 = 128.01 rounds to 128.
        Assert.Equal([0, 255, 0, 51, 128, 255], frame.ToRgbFrame().Pixels);
    }

    [Fact]
    public void Constructor_WrongSampleCount_ThrowsNamingTheSize() =>
        Assert.Contains("4x2", Assert.Throws<ArgumentException>(() => new RgbFloatFrame(4, 2, new float[23])).Message);
}
