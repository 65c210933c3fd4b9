using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.StateMachines;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Coordination;

public class CoordinatorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static int Count(Farm farm, JobId job, TaskState state) => farm.Store.TasksOf(job).Count(t => t.State == state);

    /// <summary>A Running sample job (plan committed).</summary>
    private static async Task<(Farm Farm, Job Job)> RunningAsync()
    {
        var farm = new Farm();
        var job = await farm.SubmitAsync();
        await farm.AdvanceAsync(job.Id);
        Assert.True(await farm.CommitAsync((await farm.LeaseAsync())!));
        job = await farm.AdvanceAsync(job.Id);
        Assert.Equal(JobState.Running, job.State);
        return (farm, job);
    }

    /// <summary>Leases the next task (as <paramref name="silo"/>), expects it to be <paramref name="expected"/>, and fails it.</summary>
    private static async Task FailNextAsync(Farm farm, string silo, TaskId expected, string error)
    {
        var leased = await farm.LeaseAsync(silo);
        Assert.Equal(expected, leased?.Id);
        Assert.True(await farm.FailAsync(leased!, error));
    }

    [Fact]
    public async Task JobGoesFromSubmittedThroughPlanningAndRunningToSucceededAsTasksSucceed()
    {
        var farm = new Farm();
        var job = await farm.SubmitAsync();
        Assert.Equal(JobState.Submitted, job.State);
        Assert.Empty(farm.Store.TasksOf(job.Id));
        Assert.Null(await farm.LeaseAsync());

        job = await farm.AdvanceAsync(job.Id);
        Assert.Equal(JobState.Planning, job.State);
        var plan = Assert.Single(farm.Store.TasksOf(job.Id));
        Assert.Equal((TaskId.Plan(job.Id), TaskState.Ready), (plan.Id, plan.State));

        var leased = await farm.LeaseAsync();
        Assert.Equal(TaskId.Plan(job.Id), leased!.Id);
        Assert.Equal(JobState.Planning, (await farm.AdvanceAsync(job.Id)).State);
        Assert.True(await farm.CommitAsync(leased));

        job = await farm.AdvanceAsync(job.Id);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(11, farm.Store.TasksOf(job.Id).Count);
        Assert.Equal((1, 3, 7), (Count(farm, job.Id, TaskState.Succeeded), Count(farm, job.Id, TaskState.Ready), Count(farm, job.Id, TaskState.Blocked)));

        // Longest first: the flows by critical path 63,488, 59,392, 43,008.
        var flows = new List<TaskRecord> { (await farm.LeaseAsync("a"))!, (await farm.LeaseAsync("b"))!, (await farm.LeaseAsync("c"))! };
        Assert.Equal(["flow/0000/0000", "flow/0001/0000", "flow/0000/0001"], flows.Select(f => f.Id.Key));
        foreach (var flow in flows) Assert.True(await farm.CommitAsync(flow));

        var (done, _) = await farm.RunAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Null(done.Error);
        Assert.All(farm.Store.TasksOf(job.Id), t => Assert.Equal(TaskState.Succeeded, t.State));
        Assert.Equal([JobState.Submitted, JobState.Planning, JobState.Running, JobState.Succeeded], farm.Store.Events.Select(e => e.State));
    }

    [Fact]
    public async Task BlockedTaskBecomesReadyOnlyWhenAllItsDependenciesSucceeded()
    {
        var (farm, job) = await RunningAsync();
        var pass2 = TaskId.Stylize(job.Id, 0, 0, 2); // needs pass 1 of segments 0 and 1 of shot 0 (it starts the chained last pass)
        var (_, held) = await farm.RunAsync(job.Id, t => t.Id != TaskId.Stylize(job.Id, 0, 0, 1));
        Assert.Equal(TaskId.Stylize(job.Id, 0, 0, 1), held!.Id);
        // Everything else that can run does, while pass 1 of segment 0 stays leased.
        Assert.Null((await farm.RunAsync(job.Id)).Held);
        Assert.Equal(TaskState.Succeeded, farm.Store.TaskOf(TaskId.Stylize(job.Id, 0, 1, 1)).State);
        Assert.Equal(TaskState.Blocked, farm.Store.TaskOf(pass2).State);

        Assert.True(await farm.CommitAsync(held));
        Assert.Equal(TaskState.Blocked, farm.Store.TaskOf(pass2).State);
        await farm.AdvanceAsync(job.Id);
        Assert.Equal(TaskState.Ready, farm.Store.TaskOf(pass2).State);
    }

    [Fact]
    public async Task TaskThatFailsFourTimesFailsTheJobWithItsError()
    {
        var (farm, job) = await RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        // Two silos, two failures each: the blocklist (3 on one silo) does not get in the way.
        string[] silos = ["silo-a", "silo-a", "silo-b", "silo-b"];
        int[] backoff = [5, 10, 20];
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await FailNextAsync(farm, silos[attempt - 1], flow, "disk full on /scratch");
            Assert.Equal(attempt, farm.Store.TaskOf(flow).Attempts);
            job = await farm.AdvanceAsync(job.Id);
            if (attempt < 4)
            {
                Assert.Equal((JobState.Running, TaskState.Ready), (job.State, farm.Store.TaskOf(flow).State));
                farm.Clock.Advance(TimeSpan.FromSeconds(backoff[attempt - 1]));
            }
        }
        Assert.Equal(TaskState.Failed, farm.Store.TaskOf(flow).State);
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("task flow/0000/0000 failed after 4 attempts: disk full on /scratch", job.Error);
        Assert.Equal(job.Error, farm.Store.JobOf(job.Id).Error);
        Assert.Null(await farm.LeaseAsync("silo-c"));
    }

    [Fact]
    public async Task RetryWaitsForTheBackoff()
    {
        var (farm, job) = await RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        await FailNextAsync(farm, "silo-a", flow, "transient");
        farm.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TaskId.Flow(job.Id, 1, 0), (await farm.LeaseAsync("silo-b"))!.Id);
        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(flow, (await farm.LeaseAsync("silo-b"))!.Id);
    }

    [Fact]
    public async Task SiloThatFailedThreeTasksOfAJobIsBlocklistedForThatJobOnly()
    {
        var (farm, job) = await RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        await FailNextAsync(farm, "silo-a", flow, "GPU fell off the bus");
        farm.Clock.Advance(TimeSpan.FromSeconds(5));
        await FailNextAsync(farm, "silo-a", flow, "GPU fell off the bus");
        Assert.Equal(2, farm.Store.FailuresOf(new SiloId("silo-a"), job.Id));
        farm.Clock.Advance(TimeSpan.FromSeconds(10));
        await FailNextAsync(farm, "silo-a", flow, "GPU fell off the bus");
        Assert.Equal(3, farm.Store.FailuresOf(new SiloId("silo-a"), job.Id));
        farm.Clock.Advance(TimeSpan.FromSeconds(20));

        // Three flows are Ready, but none for silo-a.
        Assert.Equal(3, Count(farm, job.Id, TaskState.Ready));
        Assert.Null(await farm.LeaseAsync("silo-a"));
        Assert.Equal(flow, (await farm.LeaseAsync("silo-b"))!.Id);

        var other = await farm.SubmitAsync();
        await farm.AdvanceAsync(other.Id);
        Assert.Equal(TaskId.Plan(other.Id), (await farm.LeaseAsync("silo-a"))!.Id);
    }

    [Fact]
    public async Task CancelStopsNewLeasesAndRevokesHeldOnes()
    {
        var (farm, job) = await RunningAsync();
        var held = (await farm.LeaseAsync("silo-a"))!;
        job = await farm.Coordinator.CancelAsync(job.Id, None);
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Null(await farm.LeaseAsync("silo-b"));
        Assert.False(await farm.Store.RenewAsync(held.Lease!.Token, farm.Terms.RenewedExpiry(), None));
        Assert.False(await farm.CommitAsync(held));
        Assert.Equal((1, 10), (Count(farm, job.Id, TaskState.Succeeded), Count(farm, job.Id, TaskState.Cancelled)));
        Assert.Equal(JobState.Cancelled, (await farm.Coordinator.CancelAsync(job.Id, None)).State);
        Assert.Equal(JobState.Cancelled, (await farm.AdvanceAsync(job.Id)).State);
    }

    [Fact]
    public async Task SucceededJobCannotBeCancelled()
    {
        var (farm, job) = await RunningAsync();
        Assert.Equal(JobState.Succeeded, (await farm.RunAsync(job.Id)).Job.State);
        var e = await Assert.ThrowsAsync<IllegalTransitionException>(() => farm.Coordinator.CancelAsync(job.Id, None));
        Assert.Equal("a job cannot go from Succeeded to Cancelled: Succeeded is final: nothing leaves it", e.Message);
    }

    [Fact]
    public async Task ResumeKeepsSucceededTasksAndReReadiesTheRest()
    {
        var (farm, job) = await RunningAsync();
        // Run plan, flows and pass 1; hold the first pass-2 task, then cancel.
        var (_, held) = await farm.RunAsync(job.Id, t => t.Pass < 2);
        Assert.Equal(2, held!.Spec.Pass);
        await farm.Coordinator.CancelAsync(job.Id, None);
        var succeeded = farm.Store.TasksOf(job.Id).Where(t => t.State == TaskState.Succeeded).ToList();
        Assert.Equal(7, succeeded.Count);

        farm.Clock.Advance(TimeSpan.FromMinutes(10));
        job = await farm.Coordinator.ResumeAsync(job.Id, None);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(succeeded, farm.Store.TasksOf(job.Id).Where(t => t.State == TaskState.Succeeded));
        var pass2 = farm.Store.TasksOf(job.Id).Where(t => t.Spec.Pass == 2).ToList();
        // Ready again, but for segment 1's, which continues segment 0's (the chained last pass) and waits for it.
        Assert.All(pass2, t => Assert.Equal((t.Id == TaskId.Stylize(job.Id, 0, 1, 2) ? TaskState.Blocked : TaskState.Ready, 0, (string?)null),
            (t.State, t.Attempts, t.LastError)));
        Assert.Equal(TaskState.Blocked, farm.Store.TaskOf(TaskId.Encode(job.Id)).State);

        var leasedAfterResume = new List<string>();
        var (done, _) = await farm.RunAsync(job.Id, t => { leasedAfterResume.Add(t.Id.Key); return true; });
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(["stylize/0000/0000/02", "stylize/0001/0000/02", "stylize/0000/0001/02", "encode"], leasedAfterResume);
    }

    [Fact]
    public async Task ResumeOfAFailedJobResetsAttemptsAndLiftsTheBlocklist()
    {
        var (farm, job) = await RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        string[] silos = ["silo-a", "silo-a", "silo-a", "silo-b"];
        int[] backoff = [5, 10, 20, 0];
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await FailNextAsync(farm, silos[attempt], flow, "bad input");
            farm.Clock.Advance(TimeSpan.FromSeconds(backoff[attempt]));
        }
        Assert.Equal(JobState.Failed, (await farm.AdvanceAsync(job.Id)).State);

        job = await farm.Coordinator.ResumeAsync(job.Id, None);
        Assert.Equal((JobState.Running, (string?)null), (job.State, job.Error));
        Assert.Equal((TaskState.Ready, 0), (farm.Store.TaskOf(flow).State, farm.Store.TaskOf(flow).Attempts));
        Assert.Equal(0, farm.Store.FailuresOf(new SiloId("silo-a"), job.Id));
        Assert.Equal(flow, (await farm.LeaseAsync("silo-a"))!.Id);
    }

    [Fact]
    public async Task RetryFailedResetsOnlyTheFailedTasks()
    {
        var (farm, job) = await RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        var other = TaskId.Flow(job.Id, 1, 0);
        // flow/0000/0000 fails four times; flow/0001/0000 fails once in between.
        await FailNextAsync(farm, "silo-a", flow, "bad input");
        await FailNextAsync(farm, "silo-b", other, "transient");
        farm.Clock.Advance(TimeSpan.FromSeconds(5));
        await FailNextAsync(farm, "silo-c", flow, "bad input");
        farm.Clock.Advance(TimeSpan.FromSeconds(10));
        await FailNextAsync(farm, "silo-d", flow, "bad input");
        farm.Clock.Advance(TimeSpan.FromSeconds(20));
        await FailNextAsync(farm, "silo-e", flow, "bad input");
        Assert.Equal(JobState.Failed, (await farm.AdvanceAsync(job.Id)).State);

        job = await farm.Coordinator.RetryFailedAsync(job.Id, None);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal((TaskState.Ready, 0), (farm.Store.TaskOf(flow).State, farm.Store.TaskOf(flow).Attempts));
        Assert.Equal((TaskState.Ready, 1, "transient"), (farm.Store.TaskOf(other).State, farm.Store.TaskOf(other).Attempts, farm.Store.TaskOf(other).LastError));
        Assert.Equal(1, farm.Store.FailuresOf(new SiloId("silo-b"), job.Id));
    }

    [Fact]
    public async Task ResumeAndRetryRefuseJobsInTheWrongState()
    {
        var (farm, job) = await RunningAsync();
        var resume = await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Coordinator.ResumeAsync(job.Id, None));
        Assert.Equal($"job {job.Id} is Running: only a Failed or Cancelled job can be resumed", resume.Message);
        await farm.Coordinator.CancelAsync(job.Id, None);
        var retry = await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Coordinator.RetryFailedAsync(job.Id, None));
        Assert.Contains("is Cancelled: retry-failed applies to a Failed job", retry.Message);
    }

    [Fact]
    public async Task JobCancelledBeforePlanningResumesFromTheStart()
    {
        var farm = new Farm();
        var job = await farm.SubmitAsync();
        await farm.Coordinator.CancelAsync(job.Id, None);
        job = await farm.Coordinator.ResumeAsync(job.Id, None);
        Assert.Equal(JobState.Planning, job.State);
        Assert.Equal(TaskState.Ready, farm.Store.TaskOf(TaskId.Plan(job.Id)).State);
        Assert.Equal([JobState.Submitted, JobState.Cancelled, JobState.Submitted, JobState.Planning], farm.Store.Events.Select(e => e.State));
    }

    [Fact]
    public async Task PlanThatDoesNotFitTheInputFailsTheJobWithTheReason()
    {
        var farm = new Farm { PlanFor = job => Samples.Plan(job.Spec.Passes) with { FrameCount = 12 } };
        var job = await farm.SubmitAsync();
        var (failed, _) = await farm.RunAsync(job.Id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal("the plan cannot be turned into tasks: shots end at frame 10 but the plan has 12 frames: the shots must cover every frame (Parameter 'Shots')", failed.Error);
        Assert.Single(farm.Store.TasksOf(job.Id));
    }

    [Fact]
    public async Task RestartedCoordinatorCarriesOnFromTheStore()
    {
        var farm = new Farm();
        var job = await farm.SubmitAsync();
        await farm.AdvanceAsync(job.Id);
        Assert.True(await farm.CommitAsync((await farm.LeaseAsync())!));
        var restarted = new Coordinator(farm.Store, new TaskGraphBuilder(new TaskGraphOptions()), farm.Clock);
        Assert.Equal(JobState.Running, (await restarted.AdvanceAsync(job.Id, None)).State);
        Assert.Equal(11, farm.Store.TasksOf(job.Id).Count);
        // Planning again (as after a crash before the job's move) inserts nothing twice.
        Assert.Equal(0, await farm.Store.InsertTasksAsync(new TaskGraphBuilder(new TaskGraphOptions()).Build(job.Id, job.Spec, farm.Store.JobOf(job.Id).Plan!).Tasks.Select(t => TaskRecord.New(t, farm.Clock.GetUtcNow())).ToList(), None));
    }

    [Fact]
    public async Task AdvanceAllMovesEveryActiveJob()
    {
        var farm = new Farm();
        var a = await farm.SubmitAsync();
        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await farm.SubmitAsync();
        var advanced = await farm.Coordinator.AdvanceAllAsync(None);
        Assert.Equal([(a.Id, JobState.Planning), (b.Id, JobState.Planning)], advanced.Select(j => (j.Id, j.State)));
    }

    [Fact]
    public async Task InvalidSpecIsRejectedAtSubmission()
    {
        var farm = new Farm();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => farm.Coordinator.SubmitAsync(Samples.Spec() with { Output = "" }, None));
        Assert.Equal("Output", e.ParamName);
    }

    [Fact]
    public async Task UnknownJobIsReported()
    {
        var farm = new Farm();
        var id = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => farm.AdvanceAsync(id));
        Assert.Equal("job 0193a5b2c3d47e8f9a0b1c2d3e4f5a6b does not exist: list the jobs with `stylefarm status`", e.Message);
    }
}
