using StyleFarm.Kernels.Shots;

namespace StyleFarm.Kernels.Tests.Shots;

public sealed class ShotTests
{
    [Fact]
    public void CutsSplitTheFramesIntoConsecutiveNumberedShots()
    {
        Assert.Equal([new Shot(0, 0, 12), new Shot(1, 12, 22), new Shot(2, 22, 30)], Shot.FromCuts([22, 12], 30));
        Assert.Equal(10, Shot.FromCuts([22, 12], 30)[1].FrameCount);
    }

    [Fact]
    public void NoCutsMakeOneShotAndNoFramesMakeNone()
    {
        Assert.Equal([new Shot(0, 0, 5)], Shot.FromCuts([], 5));
        Assert.Empty(Shot.FromCuts([], 0));
    }

    [Theory]
    [InlineData(0, "cut at frame 0 is outside 1 … 29")]
    [InlineData(30, "cut at frame 30 is outside 1 … 29")]
    [InlineData(-4, "cut at frame -4 is outside 1 … 29")]
    public void CutsOutsideTheSequenceAreRejected(int cut, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Shot.FromCuts([cut], 30));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void ARepeatedCutIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Shot.FromCuts([7, 3, 7], 30));
        Assert.StartsWith("cut at frame 7 is listed twice", e.Message);
    }
}
