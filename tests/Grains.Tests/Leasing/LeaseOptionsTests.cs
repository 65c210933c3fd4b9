using StyleFarm.Grains.Leasing;

namespace StyleFarm.Grains.Tests.Leasing;

public class LeaseOptionsTests
{
    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var o = new LeaseOptions();
        Assert.Equal(
            (TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15), 4, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), 3),
            (o.Duration, o.HeartbeatInterval, o.MaxAttempts, o.BackoffBase, o.BackoffCap, o.BlocklistAfterFailures));
        o.Validate();
    }

    [Fact]
    public void LeaseShorterThanTwoHeartbeatsIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new LeaseOptions { Duration = TimeSpan.FromSeconds(20) }.Validate());
        Assert.Equal("Duration", e.ParamName);
    }

    [Fact]
    public void CapBelowBaseIsRejected() =>
        Assert.Equal("BackoffCap", Assert.Throws<ArgumentException>(() => new LeaseOptions { BackoffCap = TimeSpan.FromSeconds(1) }.Validate()).ParamName);

    [Fact]
    public void ZeroAttemptsIsRejected() =>
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentException>(() => new RetryPolicy(new LeaseOptions { MaxAttempts = 0 })).ParamName);
}
