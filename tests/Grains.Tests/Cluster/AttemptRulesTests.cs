using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Cluster;

/// <summary>What beginning, finishing, abandoning, cancelling and resetting an attempt do to a task, as every owner grain applies them.</summary>
public class AttemptRulesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AttemptRules Rules = new(new RetryPolicy(new LeaseOptions()));

    private static TaskRecord Ready(int attempts = 0) => new(Graphs.Task(0, 10), TaskState.Ready, attempts, T0);

    private static TaskRecord Begun(LeaseToken token, int attempts = 0) => AttemptRules.Begin(Ready(attempts), token, "gpu-1", T0.AddSeconds(1));

    [Fact]
    public void BeginLeasesAReadyTaskUnderTheTokenWithNoExpiry()
    {
        var token = LeaseToken.New();
        var begun = AttemptRules.Begin(Ready() with { NotBefore = T0 }, token, "gpu-1", T0.AddSeconds(1));
        Assert.Equal((TaskState.Leased, new LeaseInfo(token, new SiloId("gpu-1"), T0.AddSeconds(1)), (DateTimeOffset?)null), (begun.State, begun.Lease, begun.NotBefore));
        Assert.True(LeaseTransitions.IsHeldUnder(begun, token));
        Assert.False(LeaseTransitions.IsHeldUnder(begun, LeaseToken.New()));
    }

    [Fact]
    public void OnlyAReadyTaskPastItsBackoffMayBegin()
    {
        Assert.True(AttemptRules.CanBegin(Ready(), T0));
        Assert.False(AttemptRules.CanBegin(Ready() with { NotBefore = T0.AddSeconds(1) }, T0));
        Assert.True(AttemptRules.CanBegin(Ready() with { NotBefore = T0.AddSeconds(1) }, T0.AddSeconds(1)));
        Assert.False(AttemptRules.CanBegin(Ready() with { State = TaskState.Blocked }, T0));
    }

    [Fact]
    public void ACommitSucceedsTheTaskAndReleasesItsLease_OnlyUnderItsOwnToken()
    {
        var token = LeaseToken.New();
        var done = Rules.Finish(Begun(token), new AttemptResult { Task = Graphs.Task(0, 10).Id, Token = token }, T0.AddSeconds(2));
        Assert.Equal((TaskState.Succeeded, (LeaseInfo?)null, T0.AddSeconds(2)), (done.State, done.Lease, done.UpdatedAt));
        Assert.Throws<InvalidOperationException>(() => LeaseTransitions.Commit(Begun(token), LeaseToken.New(), T0));
    }

    [Fact]
    public void AFailureRetriesAfterTheBackoff_APermanentOneFailsAtOnce()
    {
        var token = LeaseToken.New();
        var failed = new AttemptResult { Task = Graphs.Task(0, 10).Id, Token = token, Error = "CUDA out of memory" };
        var retried = Rules.Finish(Begun(token), failed, T0.AddSeconds(2));
        Assert.Equal((TaskState.Ready, 1, (DateTimeOffset?)T0.AddSeconds(7), "CUDA out of memory"), (retried.State, retried.Attempts, retried.NotBefore, retried.LastError));
        var permanent = Rules.Finish(Begun(token), failed with { Error = "in.mp4: no such file", Permanent = true }, T0.AddSeconds(2));
        Assert.Equal((TaskState.Failed, 1, (DateTimeOffset?)null), (permanent.State, permanent.Attempts, permanent.NotBefore));
    }

    [Fact]
    public void ACommittedTaskKeepsTheSiloThatCommittedItAndCountsItsAttempts()
    {
        var first = LeaseToken.New();
        var retried = Rules.Finish(Begun(first), new AttemptResult { Task = Graphs.Task(0, 10).Id, Token = first, Error = "CUDA out of memory" }, T0.AddSeconds(2));
        Assert.Equal(("gpu-1", 1), (retried.Silo, retried.AttemptsMade));
        var second = LeaseToken.New();
        var running = AttemptRules.Begin(retried with { NotBefore = null }, second, "gpu-2", T0.AddSeconds(3));
        Assert.Equal(("gpu-2", 2), (running.Silo, running.AttemptsMade));

        var done = Rules.Finish(running, new AttemptResult { Task = Graphs.Task(0, 10).Id, Token = second }, T0.AddSeconds(4));

        Assert.Equal((TaskState.Succeeded, "gpu-2", 1, 2), (done.State, done.Silo, done.Attempts, done.AttemptsMade));
    }

    [Fact]
    public void OnlyAPermanentFailureIsMarkedPermanent_AndTheNextAttemptOrAResetClearsTheMark()
    {
        var token = LeaseToken.New();
        var failed = new AttemptResult { Task = Graphs.Task(0, 10).Id, Token = token, Error = "in.mp4 is not a video" };
        Assert.False(Rules.Finish(Begun(token), failed, T0.AddSeconds(2)).Permanent);
        var permanent = Rules.Finish(Begun(token), failed with { Permanent = true }, T0.AddSeconds(2));
        Assert.Equal((TaskState.Failed, true), (permanent.State, permanent.Permanent));
        Assert.True(TaskProgress.Of([permanent]).FirstFailure!.Permanent);

        var reset = TaskReset.Apply(permanent, T0.AddSeconds(3));

        Assert.Equal((false, (string?)null, 0), (reset.Permanent, reset.Silo, reset.AttemptsMade));
    }

    [Fact]
    public void AnAttemptOfADeadSiloCountsButItsTaskIsReadyAtOnce_UntilItsAttemptsAreUsedUp()
    {
        var token = LeaseToken.New();
        var again = Rules.Abandon(Begun(token), "its silo was declared dead", T0.AddSeconds(2));
        Assert.Equal((TaskState.Ready, 1, (DateTimeOffset?)null, "its silo was declared dead"), (again.State, again.Attempts, again.NotBefore, again.LastError));
        var last = Rules.Abandon(Begun(token, attempts: 3), "its silo was declared dead", T0.AddSeconds(2));
        Assert.Equal((TaskState.Failed, 4), (last.State, last.Attempts));
    }

    [Fact]
    public void AHeldAttemptNamesItsTaskTokenSiloAndStart()
    {
        var token = LeaseToken.New();
        var held = AttemptRules.HeldOf(Begun(token), "127.0.0.1:11111@1");
        Assert.Equal((Graphs.Task(0, 10).Id, token, "127.0.0.1:11111@1", "gpu-1", T0.AddSeconds(1)), (held.Task, held.Token, held.SiloAddress, held.Silo, held.Since));
    }

    [Fact]
    public void CancelTakesEveryUnfinishedTaskAndItsLease_KeepsTheFinishedOnes()
    {
        var token = LeaseToken.New();
        Assert.True(TaskCancellation.Applies(Begun(token)));
        Assert.True(TaskCancellation.Applies(Ready()));
        Assert.False(TaskCancellation.Applies(Ready() with { State = TaskState.Succeeded }));
        Assert.False(TaskCancellation.Applies(Ready() with { State = TaskState.Failed }));
        var cancelled = TaskCancellation.Apply(Begun(token), T0.AddSeconds(3));
        Assert.Equal((TaskState.Cancelled, (LeaseInfo?)null), (cancelled.State, cancelled.Lease));
    }

    [Fact]
    public void ResumeResetsWhatIsUnfinished_RetryFailedOnlyTheFailed_NeitherTouchesSucceededOrRunningTasks()
    {
        var failed = Ready(attempts: 4) with { State = TaskState.Failed, LastError = "boom" };
        var cancelled = Ready() with { State = TaskState.Cancelled };
        var succeeded = Ready() with { State = TaskState.Succeeded };
        Assert.Equal([true, true, false, false], new[] { failed, cancelled, succeeded, Begun(LeaseToken.New()) }.Select(t => TaskReset.Applies(t, TaskResetScope.AllUnfinished)));
        Assert.Equal([true, false, false], new[] { failed, cancelled, succeeded }.Select(t => TaskReset.Applies(t, TaskResetScope.FailedOnly)));
        var reset = TaskReset.Apply(failed, T0.AddSeconds(4));
        Assert.Equal((TaskState.Blocked, 0, (string?)null, T0.AddSeconds(4)), (reset.State, reset.Attempts, reset.LastError, reset.UpdatedAt));
    }

    [Fact]
    public void AMovedShotTakesBackOnlyAnAttemptWhoseEndItsStoredTaskDoesNotShow()
    {
        var token = LeaseToken.New();
        var begun = Begun(token);
        var held = AttemptRules.HeldOf(begun, "127.0.0.1:11111@1");
        // Stored while it ran (another task's finish wrote the shot): Ready with the attempt's start as both start and update.
        var storedWhileRunning = Stored(begun);
        // Failed, and stored so: its update is later than its start.
        var failed = Rules.Finish(begun, new AttemptResult { Task = begun.Id, Token = token, Error = "CUDA error" }, T0.AddSeconds(30));
        var abandoned = Rules.Abandon(begun, "its silo died", T0.AddSeconds(30));
        var committed = Rules.Finish(begun, new AttemptResult { Task = begun.Id, Token = token }, T0.AddSeconds(30));
        var later = AttemptRules.Begin(failed with { NotBefore = null }, LeaseToken.New(), "gpu-2", T0.AddSeconds(40));

        Assert.True(AttemptRules.Adopts(storedWhileRunning, held));
        // Begun after the shot's last write: the stored task shows an older attempt's start, or none.
        Assert.True(AttemptRules.Adopts(Ready(), held));
        Assert.True(AttemptRules.Adopts(Ready() with { StartedAt = T0, UpdatedAt = T0.AddMilliseconds(500) }, held));
        Assert.False(AttemptRules.Adopts(Stored(failed), held));
        Assert.False(AttemptRules.Adopts(Stored(abandoned), held));
        Assert.False(AttemptRules.Adopts(committed, held));
        Assert.False(AttemptRules.Adopts(Stored(later), held));
    }

    // `task` as a shot grain stores it and reads it back (ShotTasks.Entries, then the record ShotTasks.Restore builds).
    private static TaskRecord Stored(TaskRecord task)
    {
        var e = ShotTasks.Entries([task]).Single();
        return new TaskRecord(task.Spec, e.State, e.Attempts, e.UpdatedAt, e.NotBefore, null, e.LastError, e.Silo, e.Permanent, e.StartedAt);
    }
}
