using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task TaskReadsBackWithItsSpecStateBackoffLeaseAndError()
    {
        var job = await InsertRunningJobAsync();
        var j = job.Id;
        var waiting = new TaskRecord(
            new TaskSpec(TaskId.Stylize(j, 3, 7, 2), TaskSamples.Segment(3, 7), PassDirection.Backward,
                [TaskId.Stylize(j, 3, 6, 1), TaskId.Stylize(j, 3, 7, 1), TaskId.Flow(j, 3, 7)],
                new TaskRequirements(true, 8L << 30), 123_456_789_012, 987_654_321_098),
            TaskState.Ready, 2, Farm.Now.AddSeconds(3), Farm.Now.AddSeconds(13), null, "CUDA out of memory");
        var lease = new LeaseInfo(LeaseToken.New(), new SiloId("gpu-node-7-4711"), Farm.Now, Farm.Now.AddSeconds(60));
        var running = new TaskRecord(
            new TaskSpec(TaskId.Plan(j), null, PassDirection.None, [], new TaskRequirements(false, 1L << 30), 1, 2),
            TaskState.Leased, 1, Farm.Now, null, lease, "lease expired");
        var encode = TaskRecord.New(new TaskSpec(TaskId.Encode(j), null, PassDirection.None, [TaskId.Stylize(j, 3, 7, 2)], new TaskRequirements(false, 0), 0, 0), Farm.Now);
        await InsertAsync(waiting, running, encode);

        Assert.Equal(Fields(waiting), Fields(await Farm.TaskAsync(waiting.Id)));
        Assert.Equal(Fields(running), Fields(await Farm.TaskAsync(running.Id)));
        Assert.Equal(Fields(encode), Fields(await Farm.TaskAsync(encode.Id)));
        Assert.Null(await Store.GetTaskAsync(TaskId.Flow(j, 0, 0), None));
        Assert.Equal([running.Id, waiting.Id, encode.Id], (await Farm.TasksAsync(j)).Select(t => t.Id));
    }

    [Fact]
    public async Task InsertTasksSkipsIdsAlreadyStoredAndLeavesThoseAsTheyAre()
    {
        var job = await InsertRunningJobAsync();
        var first = TaskSamples.ReadyFlow(job.Id, 0, 0, criticalPath: 50, cost: 5);
        await InsertAsync(first);

        var again = TaskRecord.New(first.Spec with { EstimatedCost = 999 }, Farm.Now.AddHours(1));
        var second = TaskSamples.ReadyFlow(job.Id, 0, 1, criticalPath: 40, cost: 4);
        Assert.Equal(1, await Store.InsertTasksAsync([again, second, second with { Attempts = 3 }], None));

        Assert.Equal(Fields(first), Fields(await Farm.TaskAsync(first.Id)));
        Assert.Equal(Fields(second), Fields(await Farm.TaskAsync(second.Id)));
        Assert.Equal(0, await Store.InsertTasksAsync([first, second], None));
        Assert.Equal(0, await Store.InsertTasksAsync([], None));
    }

    [Fact]
    public async Task TasksOfAJobThatIsNotStoredAreRefused()
    {
        var missing = JobId.New(Farm.Clock);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.InsertTasksAsync([TaskSamples.ReadyFlow(missing, 0, 0, 1, 1)], None));
        Assert.Equal($"tasks of job {missing} cannot be stored: the job does not exist; insert the job first", e.Message);
    }

    [Fact]
    public async Task PromotionReadiesExactlyTheBlockedTasksWhoseDependenciesAllSucceeded()
    {
        var job = await InsertRunningJobAsync();
        var j = job.Id;
        TaskRecord Task(TaskId id, TaskState state, params TaskId[] dependencies) =>
            new(new TaskSpec(id, null, PassDirection.None, dependencies, new TaskRequirements(false, 0), 1, 1), state, 0, TaskSamples.Start);
        var done = TaskId.Flow(j, 0, 0);
        var failed = TaskId.Flow(j, 0, 1);
        var missing = TaskId.Flow(j, 0, 2);
        await InsertAsync(
            Task(done, TaskState.Succeeded),
            Task(failed, TaskState.Failed),
            Task(TaskId.Stylize(j, 0, 0, 1), TaskState.Blocked, done),             // promoted
            Task(TaskId.Stylize(j, 0, 0, 2), TaskState.Blocked, done, missing),    // a dependency is not stored
            Task(TaskId.Stylize(j, 0, 1, 1), TaskState.Blocked, failed),           // a dependency failed
            Task(TaskId.Stylize(j, 0, 1, 2), TaskState.Blocked, done, TaskId.Stylize(j, 0, 0, 1)), // one is only Blocked
            Task(TaskId.Plan(j), TaskState.Blocked),                                // no dependencies: promoted
            Task(TaskId.Encode(j), TaskState.Cancelled, done));                     // not Blocked

        var now = Farm.Now.AddMinutes(1);
        Assert.Equal(2, await Store.PromoteReadyAsync(j, now, None));

        var states = (await Farm.TasksAsync(j)).ToDictionary(t => t.Id.Key, t => (t.State, t.UpdatedAt));
        Assert.Equal((TaskState.Ready, now), states["stylize/0000/0000/01"]);
        Assert.Equal((TaskState.Ready, now), states["plan"]);
        Assert.Equal(TaskState.Blocked, states["stylize/0000/0000/02"].State);
        Assert.Equal(TaskState.Blocked, states["stylize/0000/0001/01"].State);
        Assert.Equal((TaskState.Blocked, TaskSamples.Start), states["stylize/0000/0001/02"]);
        Assert.Equal(TaskState.Cancelled, states["encode"].State);
        Assert.Equal(0, await Store.PromoteReadyAsync(j, now, None));
    }

    [Fact]
    public async Task ProgressCountsEveryStateAndNamesTheEarliestFailureTiesBrokenById()
    {
        var job = await InsertRunningJobAsync();
        var j = job.Id;
        var t = Farm.Now;
        TaskRecord Task(TaskId id, TaskState state, DateTimeOffset updated, string? error = null, int attempts = 0) =>
            new(new TaskSpec(id, null, PassDirection.None, [], new TaskRequirements(false, 0), 1, 1), state, attempts, updated,
                null, state == TaskState.Leased ? new LeaseInfo(LeaseToken.New(), new SiloId("a"), t, t.AddMinutes(1)) : null, error);
        await InsertAsync(
            Task(TaskId.Plan(j), TaskState.Succeeded, t),
            Task(TaskId.Flow(j, 0, 0), TaskState.Succeeded, t),
            Task(TaskId.Flow(j, 0, 1), TaskState.Failed, t.AddSeconds(20), "late failure", 4),
            Task(TaskId.Flow(j, 1, 0), TaskState.Failed, t.AddSeconds(10), "second of a tie", 4),
            Task(TaskId.Flow(j, 0, 3), TaskState.Failed, t.AddSeconds(10), "first of a tie", 3),
            Task(TaskId.Stylize(j, 0, 0, 1), TaskState.Leased, t),
            Task(TaskId.Stylize(j, 0, 1, 1), TaskState.Ready, t),
            Task(TaskId.Stylize(j, 0, 2, 1), TaskState.Ready, t),
            Task(TaskId.Stylize(j, 0, 0, 2), TaskState.Blocked, t),
            Task(TaskId.Encode(j), TaskState.Cancelled, t));

        var progress = await Store.GetProgressAsync(j, None);

        Assert.Equal((1, 2, 1, 2, 3, 1, 10), (progress.Blocked, progress.Ready, progress.Leased, progress.Succeeded, progress.Failed, progress.Cancelled, progress.Total));
        Assert.Equal("task flow/0000/0003 failed after 3 attempts: first of a tie", progress.FirstFailure?.ToString());
        var empty = await Store.GetProgressAsync(JobId.New(Farm.Clock), None);
        Assert.Equal((0, null), (empty.Total, empty.FirstFailure));
    }
}
