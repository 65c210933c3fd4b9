using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

public sealed class FrameRateTests
{
    [Theory]
    [InlineData("30000/1001", 30000, 1001)]
    [InlineData("50/2", 25, 1)]
    [InlineData("24", 24, 1)]
    public void TryParse_ReadsFfmpegRationalsInLowestTerms(string text, long numerator, long denominator) =>
        Assert.Equal(new FrameRate(numerator, denominator), FrameRate.TryParse(text));

    [Theory]
    [InlineData("0/0")]
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData("25/0")]
    public void TryParse_UnsetOrInvalidRate_IsNull(string text) => Assert.Null(FrameRate.TryParse(text));

    [Fact]
    public void DurationOf_NtscFrames_IsExact()
    {
        var ntsc = new FrameRate(30000, 1001);

        Assert.Equal(TimeSpan.FromTicks(10_010_000), ntsc.DurationOf(30));
        Assert.Equal("30000/1001", ntsc.ToString());
        Assert.Equal(29.97002997, ntsc.FramesPerSecond, 8);
    }
}
