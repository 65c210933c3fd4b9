using StyleFarm.Grains.Leasing;

namespace StyleFarm.Grains.Tests.Leasing;

public class LeaseOptionsTests
{
    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var o = new LeaseOptions();
        Assert.Equal((4, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), 3), (o.MaxAttempts, o.BackoffBase, o.BackoffCap, o.BlocklistAfterFailures));
        o.Validate();
    }

    [Fact]
    public void CapBelowBaseIsRejected() =>
        Assert.Equal("BackoffCap", Assert.Throws<ArgumentException>(() => new LeaseOptions { BackoffCap = TimeSpan.FromSeconds(1) }.Validate()).ParamName);

    [Fact]
    public void ZeroAttemptsIsRejected() =>
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentException>(() => new RetryPolicy(new LeaseOptions { MaxAttempts = 0 })).ParamName);

    [Fact]
    public void ASiloIsBlockedForAJobFromTheThresholdOn()
    {
        var blocklist = new Blocklist(new LeaseOptions());
        Assert.Equal((3, false, true), (blocklist.Threshold, blocklist.IsBlocked(2), blocklist.IsBlocked(3)));
    }
}
