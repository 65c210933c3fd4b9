using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Leasing;

public class LeaseRulesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WorkerCapabilities Cpu = new(0, 0, 8L << 30);
    private static readonly WorkerCapabilities Gpu = new(1, 16L << 30, 64L << 30);

    private static LeaseRequest Request(WorkerCapabilities caps, params SegmentRef[] cached) =>
        new(new SiloId("s1"), caps, cached.ToHashSet(), LeaseToken.New(), T0, T0.AddMinutes(1), 3);

    private static TaskRecord Ready(TaskSpec spec) => new(spec, TaskState.Ready, 0, T0);

    [Fact]
    public void ReadyTaskOfARunningJobIsEligible() =>
        Assert.True(LeaseEligibility.IsEligible(Ready(Graphs.Task(0, 1)), JobState.Running, 0, Request(Cpu)));

    [Theory]
    [InlineData(JobState.Submitted)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Cancelled)]
    [InlineData(JobState.Succeeded)]
    public void TasksOfJobsNotPlanningOrRunningAreNotLeased(JobState state) =>
        Assert.False(LeaseEligibility.IsEligible(Ready(Graphs.Task(0, 1)), state, 0, Request(Cpu)));

    [Fact]
    public void BackoffHoldsATaskUntilItsTime()
    {
        var task = Ready(Graphs.Task(0, 1)) with { NotBefore = T0.AddSeconds(1) };
        Assert.False(LeaseEligibility.IsEligible(task, JobState.Running, 0, Request(Cpu)));
        Assert.True(LeaseEligibility.IsEligible(task with { NotBefore = T0 }, JobState.Running, 0, Request(Cpu)));
    }

    [Fact]
    public void GpuTasksGoOnlyToGpuSilosWithEnoughMemory()
    {
        var task = Ready(Graphs.Task(0, 1) with { Requirements = new TaskRequirements(true, 10L << 30) });
        Assert.False(LeaseEligibility.IsEligible(task, JobState.Running, 0, Request(Cpu)));
        Assert.True(LeaseEligibility.IsEligible(task, JobState.Running, 0, Request(Gpu)));
        Assert.False(LeaseEligibility.IsEligible(task, JobState.Running, 0, Request(Gpu with { GpuMemoryBytes = 8L << 30 })));
    }

    [Fact]
    public void CpuTasksNeedHostMemory()
    {
        var task = Ready(Graphs.Task(0, 1) with { Requirements = new TaskRequirements(false, 9L << 30) });
        Assert.False(LeaseEligibility.IsEligible(task, JobState.Running, 0, Request(Cpu)));
        Assert.True(LeaseEligibility.IsEligible(task, JobState.Running, 0, Request(Gpu)));
    }

    [Fact]
    public void SiloWithThreeFailuresOnTheJobIsBlocked()
    {
        Assert.True(LeaseEligibility.IsEligible(Ready(Graphs.Task(0, 1)), JobState.Running, 2, Request(Cpu)));
        Assert.False(LeaseEligibility.IsEligible(Ready(Graphs.Task(0, 1)), JobState.Running, 3, Request(Cpu)));
        var blocklist = new Blocklist(new LeaseOptions());
        Assert.Equal((3, false, true), (blocklist.Threshold, blocklist.IsBlocked(2), blocklist.IsBlocked(3)));
    }

    [Fact]
    public void SegmentsWithCachedFlowComeFirstThenLongestFirst()
    {
        var small = Ready(Graphs.Task(0, 1) with { CriticalPath = 5 });
        var big = Ready(Graphs.Task(1, 1) with { CriticalPath = 50 });
        var cached = new SegmentRef(Graphs.Job, 0, 0);
        Assert.Equal([big, small], new[] { small, big }.Order(new LeaseOrder(new HashSet<SegmentRef>())));
        Assert.Equal([small, big], new[] { big, small }.Order(new LeaseOrder(new HashSet<SegmentRef> { cached })));
    }

    [Fact]
    public void TermsStampRequestsWithTheClockAndTheLeaseDuration()
    {
        var clock = new FakeTimeProvider(T0);
        var terms = new LeaseTerms(new LeaseOptions(), clock);
        var request = terms.Request(new SiloId("s1"), Cpu);
        Assert.Equal((T0, T0.AddSeconds(60), 3), (request.Now, request.ExpiresAt, request.BlocklistAfterFailures));
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(T0.AddSeconds(75), terms.RenewedExpiry());
        Assert.Equal(T0.AddSeconds(30), terms.NextHeartbeat(T0.AddSeconds(15)));
        Assert.NotEqual(request.Token, terms.Request(new SiloId("s1"), Cpu).Token);
    }

    [Fact]
    public void GrantRenewCommitChangeOnlyTheLease()
    {
        var request = Request(Gpu);
        var leased = LeaseTransitions.Grant(Ready(Graphs.Task(0, 1)) with { NotBefore = T0 }, request);
        Assert.Equal((TaskState.Leased, new LeaseInfo(request.Token, request.Silo, T0, T0.AddMinutes(1)), (DateTimeOffset?)null),
            (leased.State, leased.Lease, leased.NotBefore));
        var renewed = LeaseTransitions.Renew(leased, request.Token, T0.AddMinutes(2));
        Assert.Equal(T0.AddMinutes(2), renewed.Lease!.ExpiresAt);
        Assert.Throws<InvalidOperationException>(() => LeaseTransitions.Renew(leased, LeaseToken.New(), T0));
        var done = LeaseTransitions.Commit(renewed, request.Token, T0.AddMinutes(1));
        Assert.Equal((TaskState.Succeeded, (LeaseInfo?)null, T0.AddMinutes(1)), (done.State, done.Lease, done.UpdatedAt));
    }
}
