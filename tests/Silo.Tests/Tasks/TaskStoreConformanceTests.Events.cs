using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task EventsAreListedInAppendOrderAfterASequenceForOneJobOrAll()
    {
        var a = await InsertRunningJobAsync();
        var b = await InsertRunningJobAsync();
        var t = Farm.Now;
        JobEvent[] appended =
        [
            new(a.Id, t, JobState.Submitted, "a submitted"),
            new(b.Id, t.AddSeconds(1), JobState.Submitted, "b submitted"),
            new(a.Id, t.AddSeconds(2), JobState.Planning, "a planning"),
            new(a.Id, t.AddSeconds(3), JobState.Running, "a running: ünïcode ✓"),
            new(b.Id, t.AddSeconds(4), JobState.Cancelled, "b cancelled"),
        ];
        foreach (var e in appended) await Store.AppendEventAsync(e, None);

        var all = await Store.ListEventsAsync(null, 0, 100, None);
        Assert.Equal(appended, all.Select(r => r.Event));
        Assert.Equal(all.Select(r => r.Sequence).Order(), all.Select(r => r.Sequence));
        Assert.Equal(5, all.Select(r => r.Sequence).Distinct().Count());

        var ofA = await Store.ListEventsAsync(a.Id, 0, 100, None);
        Assert.Equal(["a submitted", "a planning", "a running: ünïcode ✓"], ofA.Select(r => r.Event.Message));
        var afterSecond = await Store.ListEventsAsync(null, all[1].Sequence, 2, None);
        Assert.Equal(["a planning", "a running: ünïcode ✓"], afterSecond.Select(r => r.Event.Message));
        Assert.Equal(["b cancelled"], (await Store.ListEventsAsync(b.Id, all[2].Sequence, 100, None)).Select(r => r.Event.Message));
        Assert.Empty(await Store.ListEventsAsync(null, all[^1].Sequence, 100, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListEventsAsync(null, -1, 100, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListEventsAsync(null, 0, 0, None));
    }

    [Fact]
    public async Task AnEventOfAJobThatIsNotStoredIsRefused()
    {
        var missing = JobId.New(Farm.Clock);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendEventAsync(new JobEvent(missing, Farm.Now, JobState.Submitted, "lost"), None));
        Assert.Equal($"an event of job {missing} cannot be stored: the job does not exist; insert the job first", e.Message);
    }

    [Fact]
    public async Task IdleWorkerIsWokenWhenATaskBecomesReadyAndNotByOtherChanges()
    {
        var job = await InsertRunningJobAsync();
        var flow = TaskRecord.New(TaskSamples.ReadyFlow(job.Id, 0, 0, 1, 1).Spec, Farm.Now);
        await InsertAsync(flow);
        using var work = await Store.ListenForWorkAsync(None);
        Assert.False(await work.WaitAsync(TimeSpan.Zero, None));

        // A reset of a task that stays Blocked makes nothing leasable.
        await Store.ResetTasksAsync(job.Id, TaskResetScope.AllUnfinished, Farm.Now, None);
        Assert.False(await work.WaitAsync(TimeSpan.FromMilliseconds(300), None));

        Assert.Equal(1, await Store.PromoteReadyAsync(job.Id, Farm.Now, None));
        Assert.True(await work.WaitAsync(WakeDeadline, None));
        var leased = (await Farm.LeaseAsync())!;

        // A failed attempt puts the task back in line: wake again.
        Assert.True(await Farm.FailAsync(leased, "transient"));
        Assert.True(await work.WaitAsync(WakeDeadline, None));
    }

    [Fact]
    public async Task WatcherIsWokenWhenAJobMovesOrGetsAnEvent()
    {
        var job = await InsertRunningJobAsync(state: JobState.Submitted);
        using var changes = await Store.ListenForJobChangesAsync(None);
        Assert.True(await Store.MoveJobAsync(job.Id, JobState.Submitted, JobState.Planning, Farm.Now, null, None));
        Assert.True(await changes.WaitAsync(WakeDeadline, None));
        await Store.AppendEventAsync(new JobEvent(job.Id, Farm.Now, JobState.Planning, "planning"), None);
        Assert.True(await changes.WaitAsync(WakeDeadline, None));
    }

    [Fact]
    public async Task WatcherIsWokenWhenATaskSucceedsSoItsSuccessorsArePromotedAtOnce()
    {
        var job = await InsertRunningJobAsync();
        await InsertAsync(TaskRecord.New(TaskSamples.ReadyFlow(job.Id, 0, 0, 1, 1).Spec, Farm.Now));
        await Store.PromoteReadyAsync(job.Id, Farm.Now, None);
        var leased = await Farm.LeaseAsync();
        Assert.NotNull(leased);
        using var changes = await Store.ListenForJobChangesAsync(None);
        Assert.False(await changes.WaitAsync(TimeSpan.FromMilliseconds(300), None));

        Assert.True(await Farm.CommitAsync(leased));

        Assert.True(await changes.WaitAsync(WakeDeadline, None));
    }

    [Fact]
    public async Task OpeningTheStoreAgainAppliesNoMigrationAndSeesTheSameData()
    {
        Assert.Equal(SchemaMigrations.For(Dialect).Select(m => m.Version), Store.AppliedMigrations.Select(m => m.Version));
        var job = await InsertRunningJobAsync();
        await using var again = await OpenSameStoreAsync();
        Assert.Empty(again.AppliedMigrations);
        Assert.Equal(job.Id, (await again.GetJobAsync(job.Id, None))!.Id);
    }

    [Fact]
    public async Task StoreOnANewerSchemaRefusesToOpen()
    {
        var latest = SchemaMigrations.For(Dialect)[^1].Version;
        await ExecuteSqlAsync("INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'from_the_future', 'unknown')");
        var e = await Assert.ThrowsAsync<TaskStoreSchemaException>(OpenSameStoreAsync);
        Assert.Contains($"has schema version 99, but this build of StyleFarm knows versions up to {latest}: a newer StyleFarm has upgraded it.", e.Message);
    }

    /// <summary>The SQL dialect of the store under test.</summary>
    protected abstract SqlDialect Dialect { get; }
}
