using StyleFarm.Grains.Coordination;

namespace StyleFarm.Grains.Tests.Coordination;

/// <summary>The order of a job's "started" and "stopped" messages to the dispatcher, which may arrive late and out of order.</summary>
public sealed class JobRunStampTests
{
    [Fact]
    public void StartedThenStoppedOfARun_ComeBeforeTheNextRunsMessages()
    {
        long[] orders = [JobRunStamp.Started(0).Order, JobRunStamp.Ended(0).Order, JobRunStamp.Started(1).Order, JobRunStamp.Ended(1).Order, JobRunStamp.Started(2).Order];

        Assert.Equal([0L, 1, 2, 3, 4], orders);
    }

    [Fact]
    public void AStopOfAnEarlierRunAfterTheNextRunStarted_IsStale_TheSameMessageAgainIsNot()
    {
        var applied = JobRunStamp.Started(1).Order;

        Assert.True(JobRunStamp.Ended(0).IsOlderThan(applied));
        Assert.True(JobRunStamp.Started(0).IsOlderThan(applied));
        Assert.False(JobRunStamp.Started(1).IsOlderThan(applied));
        Assert.False(JobRunStamp.Ended(1).IsOlderThan(applied));
        Assert.False(JobRunStamp.Started(2).IsOlderThan(applied));
        // A started of the run it stopped (a call that timed out, delivered after the stop) is stale too.
        Assert.True(JobRunStamp.Started(1).IsOlderThan(JobRunStamp.Ended(1).Order));
        // Nothing applied yet (a job the dispatcher stored before stamps existed): every message applies.
        Assert.False(JobRunStamp.Ended(0).IsOlderThan(null));
    }
}
