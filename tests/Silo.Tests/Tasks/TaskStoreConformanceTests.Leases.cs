using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task LeasesFollowLeaseEligibilityAndLeaseOrderExactly()
    {
        // Random tasks with many ties, over leasable and unleasable jobs, some on backoff, some too big
        // for the silo; the store must hand them out exactly as the domain's rules order them.
        var random = new Random(20250301);
        var jobs = new[] { JobState.Running, JobState.Planning, JobState.Running, JobState.Cancelled, JobState.Succeeded };
        var stored = new Dictionary<TaskId, TaskRecord>();
        var jobStates = new Dictionary<JobId, JobState>();
        foreach (var state in jobs)
        {
            var job = await InsertRunningJobAsync(state: state);
            jobStates[job.Id] = state;
            var tasks = new List<TaskRecord>();
            if (random.Next(2) == 0)
                tasks.Add(new TaskRecord(new TaskSpec(TaskId.Plan(job.Id), null, PassDirection.None, [], new TaskRequirements(false, 1 << 20), 1, 1), TaskState.Ready, 0, Farm.Now));
            for (var shot = 0; shot < 2; shot++)
            for (var segment = 0; segment < 3; segment++)
            {
                DateTimeOffset? notBefore = random.Next(5) switch { 0 => Farm.Now.AddSeconds(30), 1 => Farm.Now.AddSeconds(-30), _ => null };
                var memory = random.Next(4) == 0 ? 8L << 30 : 1L << 20;
                tasks.Add(TaskSamples.ReadyFlow(job.Id, shot, segment, 10 * random.Next(1, 4), random.Next(1, 3), gpu: random.Next(3) == 0, memory, notBefore));
                for (var pass = 1; pass <= 2; pass++)
                    tasks.Add(TaskSamples.ReadyStylize(job.Id, shot, segment, pass, 10 * random.Next(1, 4), random.Next(1, 3), gpu: random.Next(4) != 0, random.Next(4) == 0 ? 8L << 30 : 1L << 20));
            }
            await InsertAsync([.. tasks]);
            foreach (var t in tasks) stored[t.Id] = t;
        }
        // A silo with one 4 GiB GPU and 16 GiB of memory that caches two segments of the first job.
        var capabilities = new WorkerCapabilities(1, 4L << 30, 16L << 30);
        var first = jobStates.Keys.First();
        var cached = new HashSet<SegmentRef> { new(first, 1, 2), new(first, 0, 1) };
        var order = new LeaseOrder(cached);

        var leased = new List<TaskId>();
        while (true)
        {
            var request = Farm.Terms.Request(new SiloId("silo-a"), capabilities, cached);
            var expected = stored.Values
                .Where(t => LeaseEligibility.IsEligible(t, jobStates[t.Id.Job], 0, request))
                .Order(order)
                .FirstOrDefault();
            var actual = await Store.TryLeaseAsync(request, None);
            Assert.Equal(expected?.Id, actual?.Id);
            if (expected is null) break;
            stored[expected.Id] = LeaseTransitions.Grant(expected, request);
            Assert.Equal(Fields(stored[expected.Id]), Fields(actual!));
            leased.Add(expected.Id);
        }
        // The seed gives a mix that exercises every rule: cached segments went first, and what is left
        // is on backoff, too big for the silo, or of a job that is not Planning or Running.
        var left = stored.Values.Where(t => t.State == TaskState.Ready).ToList();
        Assert.Equal((44, 48), (leased.Count, left.Count));
        Assert.Contains(leased[0].SegmentRef!.Value, cached);
        Assert.Contains(left, t => !JobStateMachine.IsLeasable(jobStates[t.Id.Job]));
        Assert.Contains(left, t => t.NotBefore > Farm.Now && JobStateMachine.IsLeasable(jobStates[t.Id.Job]));
        Assert.Contains(left, t => !t.Spec.Requirements.IsSatisfiedBy(capabilities) && JobStateMachine.IsLeasable(jobStates[t.Id.Job]));
    }

    [Fact]
    public async Task LeaseOffersTheSegmentsWhoseFlowTheSiloCachesFirst()
    {
        var job = await InsertRunningJobAsync();
        var other = await InsertRunningJobAsync();
        await InsertAsync(
            TaskSamples.ReadyStylize(job.Id, 0, 0, 1, criticalPath: 100, cost: 1),
            TaskSamples.ReadyStylize(job.Id, 0, 1, 1, criticalPath: 10, cost: 1),
            TaskSamples.ReadyStylize(other.Id, 0, 1, 1, criticalPath: 50, cost: 1));
        var cached = new HashSet<SegmentRef> { new(job.Id, 0, 1) };

        Assert.Equal(TaskId.Stylize(job.Id, 0, 1, 1), (await Farm.LeaseAsync(cached: cached))!.Id);
        Assert.Equal(TaskId.Stylize(job.Id, 0, 0, 1), (await Farm.LeaseAsync(cached: cached))!.Id);
        Assert.Equal(TaskId.Stylize(other.Id, 0, 1, 1), (await Farm.LeaseAsync(cached: cached))!.Id);
    }

    [Fact]
    public async Task GpuTasksGoOnlyToSilosWithAGpuBigEnoughAndOtherTasksToSilosWithTheMemory()
    {
        var job = await InsertRunningJobAsync();
        await InsertAsync(
            TaskSamples.ReadyStylize(job.Id, 0, 0, 1, criticalPath: 90, cost: 1, gpu: true, memory: 12L << 30),
            TaskSamples.ReadyStylize(job.Id, 0, 1, 1, criticalPath: 80, cost: 1, gpu: true, memory: 4L << 30),
            TaskSamples.ReadyFlow(job.Id, 0, 0, criticalPath: 70, cost: 1, gpu: false, memory: 32L << 30),
            TaskSamples.ReadyFlow(job.Id, 0, 1, criticalPath: 60, cost: 1, gpu: false, memory: 2L << 30));
        var cpuOnly = new WorkerCapabilities(0, 0, 8L << 30);
        var smallGpu = new WorkerCapabilities(1, 8L << 30, 64L << 30);

        Assert.Equal(TaskId.Flow(job.Id, 0, 1), (await Farm.LeaseAsync("cpu", cpuOnly))!.Id);
        Assert.Null(await Farm.LeaseAsync("cpu", cpuOnly));
        Assert.Equal(TaskId.Stylize(job.Id, 0, 1, 1), (await Farm.LeaseAsync("small-gpu", smallGpu))!.Id);
        Assert.Equal(TaskId.Flow(job.Id, 0, 0), (await Farm.LeaseAsync("small-gpu", smallGpu))!.Id);
        Assert.Null(await Farm.LeaseAsync("small-gpu", smallGpu));
        Assert.Equal(TaskId.Stylize(job.Id, 0, 0, 1), (await Farm.LeaseAsync("big-gpu"))!.Id);
    }

    [Fact]
    public async Task OnlyTasksOfPlanningOrRunningJobsAreLeased()
    {
        foreach (var state in new[] { JobState.Submitted, JobState.Succeeded, JobState.Failed, JobState.Cancelled })
        {
            var stopped = await InsertRunningJobAsync(state: state);
            await InsertAsync(TaskSamples.ReadyFlow(stopped.Id, 0, 0, criticalPath: 100, cost: 1));
        }
        Assert.Null(await Farm.LeaseAsync());
        var planning = await InsertRunningJobAsync(state: JobState.Planning);
        await InsertAsync(TaskSamples.ReadyFlow(planning.Id, 0, 0, criticalPath: 1, cost: 1));
        var leased = await Farm.LeaseAsync();
        Assert.Equal(TaskId.Flow(planning.Id, 0, 0), leased!.Id);
        Assert.Equal((TaskState.Leased, new LeaseInfo(leased.Lease!.Token, new SiloId("silo-a"), Farm.Now, Farm.Now.AddSeconds(60)), (DateTimeOffset?)null),
            (leased.State, leased.Lease, leased.NotBefore));
    }

    [Fact]
    public async Task RetryWaitsForTheBackoff()
    {
        var job = await Farm.RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        await FailNextAsync("silo-a", flow, "transient");
        Farm.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TaskId.Flow(job.Id, 1, 0), (await Farm.LeaseAsync("silo-b"))!.Id);
        Assert.Equal(TaskId.Flow(job.Id, 0, 1), (await Farm.LeaseAsync("silo-b"))!.Id);
        Assert.Null(await Farm.LeaseAsync("silo-b"));
        Farm.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(flow, (await Farm.LeaseAsync("silo-b"))!.Id);
    }

    [Fact]
    public async Task SiloThatFailedThreeTasksOfAJobIsBlocklistedForThatJobOnly()
    {
        var job = await Farm.RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        await FailNextAsync("silo-a", flow, "GPU fell off the bus");
        Farm.Clock.Advance(TimeSpan.FromSeconds(5));
        await FailNextAsync("silo-a", flow, "GPU fell off the bus");
        Assert.Equal(2, await Farm.FailuresAsync("silo-a", job.Id));
        Farm.Clock.Advance(TimeSpan.FromSeconds(10));
        await FailNextAsync("silo-a", flow, "GPU fell off the bus");
        Assert.Equal(3, await Farm.FailuresAsync("silo-a", job.Id));
        Farm.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(3, await Farm.CountAsync(job.Id, TaskState.Ready));
        Assert.Null(await Farm.LeaseAsync("silo-a"));
        Assert.Equal(flow, (await Farm.LeaseAsync("silo-b"))!.Id);

        var other = await Farm.SubmitAsync();
        await Farm.AdvanceAsync(other.Id);
        Assert.Equal(TaskId.Plan(other.Id), (await Farm.LeaseAsync("silo-a"))!.Id);
        Assert.Equal(new Dictionary<SiloId, int> { [new SiloId("silo-a")] = 3 }, await Store.ListSiloFailuresAsync(job.Id, None));
    }

    [Fact]
    public async Task RenewMovesTheExpiryOnlyUnderTheTokenThatHoldsTheLease()
    {
        var job = await InsertRunningJobAsync();
        await InsertAsync(TaskSamples.ReadyFlow(job.Id, 0, 0, 1, 1));
        var leased = (await Farm.LeaseAsync())!;
        Farm.Clock.Advance(TimeSpan.FromSeconds(15));

        Assert.False(await Store.RenewAsync(LeaseToken.New(), Farm.Terms.RenewedExpiry(), None));
        Assert.Equal(TaskSamples.Start.AddSeconds(60), (await Farm.TaskAsync(leased.Id)).Lease!.ExpiresAt);
        Assert.True(await Store.RenewAsync(leased.Lease!.Token, Farm.Terms.RenewedExpiry(), None));
        var renewed = await Farm.TaskAsync(leased.Id);
        Assert.Equal((TaskState.Leased, leased.Lease with { ExpiresAt = TaskSamples.Start.AddSeconds(75) }), (renewed.State, renewed.Lease));

        Assert.True(await Farm.CommitAsync(leased));
        Assert.False(await Store.RenewAsync(leased.Lease.Token, Farm.Terms.RenewedExpiry(), None));
    }

    [Fact]
    public async Task CommitStoresThePlanWithThePlanTaskAndRefusesAPlanAnywhereElse()
    {
        var job = await Farm.SubmitAsync();
        await Farm.AdvanceAsync(job.Id);
        var plan = (await Farm.LeaseAsync())!;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(plan.Lease!.Token, Farm.Now, null, None));
        Assert.StartsWith($"task {plan.Id} is a Plan task: a plan comes with a Plan task and with no other", e.Message);
        Assert.Equal(TaskState.Leased, (await Farm.TaskAsync(plan.Id)).State);

        Farm.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.True(await Store.CommitAsync(plan.Lease!.Token, Farm.Now, TaskSamples.Plan(), None));
        var committed = await Farm.TaskAsync(plan.Id);
        Assert.Equal((TaskState.Succeeded, Farm.Now, (LeaseInfo?)null), (committed.State, committed.UpdatedAt, committed.Lease));
        Assert.Equal(TaskSamples.Plan().Shots, (await Farm.JobAsync(job.Id)).Plan!.Shots);

        await Farm.AdvanceAsync(job.Id);
        var flow = (await Farm.LeaseAsync())!;
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(flow.Lease!.Token, Farm.Now, TaskSamples.Plan(), None));
        Assert.True(await Store.CommitAsync(flow.Lease!.Token, Farm.Now, null, None));
        Assert.False(await Store.CommitAsync(flow.Lease!.Token, Farm.Now, null, None));
    }

    [Fact]
    public async Task FailRetriesAfterADoublingBackoffAndTheFourthFailureFailsTheTask()
    {
        var job = await Farm.RunningAsync();
        var flow = TaskId.Flow(job.Id, 0, 0);
        string[] silos = ["silo-a", "silo-b", "silo-c", "silo-d"];
        int[] backoff = [5, 10, 20];
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var leased = (await Farm.LeaseAsync(silos[attempt - 1]))!;
            Assert.Equal(flow, leased.Id);
            Farm.Clock.Advance(TimeSpan.FromSeconds(2));
            Assert.True(await Farm.FailAsync(leased, $"disk full on attempt {attempt}"));
            Assert.False(await Farm.FailAsync(leased, "reported twice"));
            var task = await Farm.TaskAsync(flow);
            Assert.Equal((attempt, $"disk full on attempt {attempt}", (LeaseInfo?)null, Farm.Now), (task.Attempts, task.LastError, task.Lease, task.UpdatedAt));
            Assert.Equal(1, await Farm.FailuresAsync(silos[attempt - 1], job.Id));
            if (attempt < 4)
            {
                Assert.Equal((TaskState.Ready, Farm.Now.AddSeconds(backoff[attempt - 1])), (task.State, task.NotBefore));
                Farm.Clock.Advance(TimeSpan.FromSeconds(backoff[attempt - 1]));
            }
            else
            {
                Assert.Equal((TaskState.Failed, (DateTimeOffset?)null), (task.State, task.NotBefore));
            }
        }
        Assert.NotEqual(flow, (await Farm.LeaseAsync("silo-e"))?.Id);
    }

    /// <summary>Leases the next task as <paramref name="silo"/>, expects it to be <paramref name="expected"/>, and fails it.</summary>
    private async Task FailNextAsync(string silo, TaskId expected, string error)
    {
        var leased = await Farm.LeaseAsync(silo);
        Assert.Equal(expected, leased?.Id);
        Assert.True(await Farm.FailAsync(leased!, error));
    }
}
