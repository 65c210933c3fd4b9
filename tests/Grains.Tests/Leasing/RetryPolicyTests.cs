using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Leasing;

public class RetryPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LeaseToken Token = new(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"));

    private static TaskRecord Leased(int attempts) =>
        new(Graphs.Task(0, 10), TaskState.Leased, attempts, T0, Lease: new LeaseInfo(Token, new SiloId("gpu-1"), T0));

    [Fact]
    public void BackoffDoublesFromFiveSecondsUpToFiveMinutes()
    {
        var retry = new RetryPolicy(new LeaseOptions());
        Assert.Equal([5, 10, 20, 40, 80, 160, 300, 300], Enumerable.Range(1, 8).Select(n => retry.Backoff(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), retry.Backoff(int.MaxValue));
    }

    [Fact]
    public void FailuresBeforeTheLastAttemptRetryAfterTheBackoff()
    {
        var retry = new RetryPolicy(new LeaseOptions());
        var first = retry.OnFailure(Leased(0), FailureCause.Error, "CUDA out of memory", T0);
        Assert.Equal((TaskState.Ready, 1, (DateTimeOffset?)T0.AddSeconds(5)), (first.NextState, first.Attempts, first.NotBefore));
        var third = retry.OnFailure(Leased(2), FailureCause.SiloDead, "silo gpu-1 was declared dead", T0);
        Assert.Equal((TaskState.Ready, 3, (DateTimeOffset?)T0.AddSeconds(20)), (third.NextState, third.Attempts, third.NotBefore));
        Assert.Equal((new SiloId("gpu-1"), Token), (third.Silo, third.Token));
    }

    [Fact]
    public void FourthFailedAttemptFailsTheTask()
    {
        var failure = new RetryPolicy(new LeaseOptions()).OnFailure(Leased(3), FailureCause.Error, "corrupt frame 17", T0);
        Assert.Equal((TaskState.Failed, 4, (DateTimeOffset?)null), (failure.NextState, failure.Attempts, failure.NotBefore));
        var task = failure.ApplyTo(Leased(3));
        Assert.Equal((TaskState.Failed, 4, "corrupt frame 17", (LeaseInfo?)null), (task.State, task.Attempts, task.LastError, task.Lease));
    }

    [Fact]
    public void OnlyALeasedTaskCanFail()
    {
        var ready = Leased(0) with { State = TaskState.Ready, Lease = null };
        Assert.Throws<InvalidOperationException>(() => new RetryPolicy(new LeaseOptions()).OnFailure(ready, FailureCause.Error, "x", T0));
    }

    [Fact]
    public void AFailureDoesNotApplyUnderAnotherLease()
    {
        var failure = new RetryPolicy(new LeaseOptions()).OnFailure(Leased(0), FailureCause.Error, "x", T0);
        var leasedAgain = Leased(0) with { Lease = Leased(0).Lease! with { Token = LeaseToken.New() } };
        Assert.Throws<InvalidOperationException>(() => failure.ApplyTo(leasedAgain));
    }
}
