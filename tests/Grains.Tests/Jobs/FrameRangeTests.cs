using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tests.Jobs;

public class FrameRangeTests
{
    [Fact]
    public void RangeIsHalfOpen()
    {
        var r = new FrameRange(10, 14);
        Assert.Equal(4, r.Count);
        Assert.True(r.Contains(10));
        Assert.True(r.Contains(13));
        Assert.False(r.Contains(14));
        Assert.Equal("[10, 14)", r.ToString());
    }

    [Fact]
    public void EndBeforeStartIsRejected() =>
        Assert.Equal("end", Assert.Throws<ArgumentOutOfRangeException>(() => new FrameRange(5, 4)).ParamName);
}
