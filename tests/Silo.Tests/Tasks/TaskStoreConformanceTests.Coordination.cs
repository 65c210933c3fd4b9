using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>The domain's <see cref="Grains.Coordination.Coordinator"/>, unchanged, driving a real store.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task CoordinatorTakesAJobFromSubmittedThroughPlanningAndRunningToSucceeded()
    {
        var job = await Farm.SubmitAsync();
        Assert.Equal(JobState.Submitted, job.State);
        Assert.Empty(await Farm.TasksAsync(job.Id));
        Assert.Null(await Farm.LeaseAsync());

        job = await Farm.AdvanceAsync(job.Id);
        Assert.Equal(JobState.Planning, job.State);
        var plan = Assert.Single(await Farm.TasksAsync(job.Id));
        Assert.Equal((TaskId.Plan(job.Id), TaskState.Ready), (plan.Id, plan.State));

        var leased = await Farm.LeaseAsync();
        Assert.Equal(TaskId.Plan(job.Id), leased!.Id);
        Assert.Equal(JobState.Planning, (await Farm.AdvanceAsync(job.Id)).State);
        Assert.True(await Farm.CommitAsync(leased));

        job = await Farm.AdvanceAsync(job.Id);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(11, (await Farm.TasksAsync(job.Id)).Count);
        Assert.Equal((1, 3, 7), (await Farm.CountAsync(job.Id, TaskState.Succeeded), await Farm.CountAsync(job.Id, TaskState.Ready), await Farm.CountAsync(job.Id, TaskState.Blocked)));

        // Longest first: the flows by critical path 71,680, 59,392, 51,200 (segment 0 of shot 0 leads to the chained last pass of segment 1).
        var flows = new List<TaskRecord> { (await Farm.LeaseAsync("a"))!, (await Farm.LeaseAsync("b"))!, (await Farm.LeaseAsync("c"))! };
        Assert.Equal(["flow/0000/0000", "flow/0001/0000", "flow/0000/0001"], flows.Select(f => f.Id.Key));
        Assert.Equal([71_680L, 59_392L, 51_200L], flows.Select(f => f.Spec.CriticalPath));
        foreach (var flow in flows) Assert.True(await Farm.CommitAsync(flow));

        var (done, _) = await Farm.RunAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Null(done.Error);
        Assert.All(await Farm.TasksAsync(job.Id), t => Assert.Equal(TaskState.Succeeded, t.State));
        var events = await Store.ListEventsAsync(job.Id, 0, 100, None);
        Assert.Equal([JobState.Submitted, JobState.Planning, JobState.Running, JobState.Succeeded], events.Select(e => e.Event.State));
        Assert.Equal("running: 11 tasks for 10 frames in 2 shots, 3 segments, 2 passes", events[2].Event.Message);
        Assert.Equal(JobState.Succeeded, (await Farm.JobAsync(job.Id)).State);
    }

    [Fact]
    public async Task TaskThatFailsFourTimesFailsTheJobWithItsError()
    {
        var job = await Farm.RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        // Two silos, two failures each: the blocklist (3 on one silo) does not get in the way.
        string[] silos = ["silo-a", "silo-a", "silo-b", "silo-b"];
        int[] backoff = [5, 10, 20];
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await FailNextAsync(silos[attempt - 1], flow, "disk full on /scratch");
            Assert.Equal(attempt, (await Farm.TaskAsync(flow)).Attempts);
            job = await Farm.AdvanceAsync(job.Id);
            if (attempt < 4)
            {
                Assert.Equal((JobState.Running, TaskState.Ready), (job.State, (await Farm.TaskAsync(flow)).State));
                Farm.Clock.Advance(TimeSpan.FromSeconds(backoff[attempt - 1]));
            }
        }
        Assert.Equal(TaskState.Failed, (await Farm.TaskAsync(flow)).State);
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("task flow/0000/0000 failed after 4 attempts: disk full on /scratch", job.Error);
        Assert.Equal(job.Error, (await Farm.JobAsync(job.Id)).Error);
        Assert.Null(await Farm.LeaseAsync("silo-c"));
    }

    [Fact]
    public async Task CancelRevokesHeldLeasesAndStopsNewOnes()
    {
        var job = await Farm.RunningAsync();
        var held = (await Farm.LeaseAsync("silo-a"))!;
        job = await Farm.Coordinator.CancelAsync(job.Id, None);
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Null(await Farm.LeaseAsync("silo-b"));
        Assert.False(await Store.RenewAsync(held.Lease!.Token, Farm.Terms.RenewedExpiry(), None));
        Assert.False(await Farm.CommitAsync(held));
        Assert.Equal((1, 10), (await Farm.CountAsync(job.Id, TaskState.Succeeded), await Farm.CountAsync(job.Id, TaskState.Cancelled)));
        Assert.All((await Farm.TasksAsync(job.Id)).Where(t => t.State == TaskState.Cancelled), t => Assert.Equal((null, null), (t.Lease, t.NotBefore)));
        Assert.Empty(await Store.ListLeasedAsync(None));
        Assert.Equal(0, await Store.CancelTasksAsync(job.Id, Farm.Now, None));
        Assert.Equal(JobState.Cancelled, (await Farm.Coordinator.CancelAsync(job.Id, None)).State);
    }

    [Fact]
    public async Task ResumeKeepsSucceededTasksResetsTheRestAndLiftsTheBlocklist()
    {
        var job = await Farm.RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        // flow/0000/0000 fails once on silo-c while flow/0001/0000 succeeds, then three times on silo-a.
        var other = (await Farm.LeaseAsync("silo-c"))!;
        var second = (await Farm.LeaseAsync("silo-c"))!;
        Assert.Equal([flow, TaskId.Flow(job.Id, 1, 0)], new[] { other.Id, second.Id });
        Assert.True(await Farm.FailAsync(other, "first try"));
        Assert.True(await Farm.CommitAsync(second));
        int[] backoff = [5, 10, 20];
        foreach (var wait in backoff)
        {
            Farm.Clock.Advance(TimeSpan.FromSeconds(wait));
            await FailNextAsync("silo-a", flow, "bad input");
        }
        Assert.Equal(JobState.Failed, (await Farm.AdvanceAsync(job.Id)).State);
        Assert.Equal(3, await Farm.FailuresAsync("silo-a", job.Id));

        Farm.Clock.Advance(TimeSpan.FromMinutes(10));
        job = await Farm.Coordinator.ResumeAsync(job.Id, None);
        Assert.Equal((JobState.Running, (string?)null), (job.State, job.Error));
        var resumed = await Farm.TaskAsync(flow);
        Assert.Equal((TaskState.Ready, 0, (string?)null, (DateTimeOffset?)null, Farm.Now), (resumed.State, resumed.Attempts, resumed.LastError, resumed.NotBefore, resumed.UpdatedAt));
        Assert.Equal(TaskState.Succeeded, (await Farm.TaskAsync(TaskId.Flow(job.Id, 1, 0))).State);
        Assert.Empty(await Store.ListSiloFailuresAsync(job.Id, None));
        Assert.Equal(flow, (await Farm.LeaseAsync("silo-a"))!.Id);
    }

    [Fact]
    public async Task RetryFailedResetsOnlyTheFailedTasks()
    {
        var job = await Farm.RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        var other = TaskId.Flow(job.Id, 1, 0);
        // flow/0000/0000 fails four times; flow/0001/0000 fails once in between.
        await FailNextAsync("silo-a", flow, "bad input");
        await FailNextAsync("silo-b", other, "transient");
        Farm.Clock.Advance(TimeSpan.FromSeconds(5));
        await FailNextAsync("silo-c", flow, "bad input");
        Farm.Clock.Advance(TimeSpan.FromSeconds(10));
        await FailNextAsync("silo-d", flow, "bad input");
        Farm.Clock.Advance(TimeSpan.FromSeconds(20));
        await FailNextAsync("silo-e", flow, "bad input");
        Assert.Equal(JobState.Failed, (await Farm.AdvanceAsync(job.Id)).State);

        job = await Farm.Coordinator.RetryFailedAsync(job.Id, None);
        Assert.Equal(JobState.Running, job.State);
        var retried = await Farm.TaskAsync(flow);
        Assert.Equal((TaskState.Ready, 0), (retried.State, retried.Attempts));
        var kept = await Farm.TaskAsync(other);
        Assert.Equal((TaskState.Ready, 1, "transient"), (kept.State, kept.Attempts, kept.LastError));
        Assert.Equal(1, await Farm.FailuresAsync("silo-b", job.Id));
    }
}
