using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Support;

/// <summary>
/// A farm in memory on a fake clock: the store, a coordinator, a sweeper, and worker helpers that
/// lease, commit and fail tasks the way a silo does.
/// </summary>
public sealed class Farm
{
    /// <summary>Capabilities of a GPU silo big enough for every test task.</summary>
    public static readonly WorkerCapabilities GpuSilo = new(1, 16L << 30, 64L << 30);

    public Farm(LeaseOptions? lease = null)
    {
        Lease = lease ?? new LeaseOptions();
        Clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Store = new InMemoryFarmStore();
        Coordinator = new Coordinator(Store, new TaskGraphBuilder(new TaskGraphOptions()), Clock);
        Retry = new RetryPolicy(Lease);
        Terms = new LeaseTerms(Lease, Clock);
        Health = new SiloHealth(new SiloHealthOptions());
        Sweeper = new LeaseSweeper(Store, Retry, Health, Clock);
    }

    public LeaseOptions Lease { get; }
    public FakeTimeProvider Clock { get; }
    public InMemoryFarmStore Store { get; }
    public Coordinator Coordinator { get; }
    public RetryPolicy Retry { get; }
    public LeaseTerms Terms { get; }
    public SiloHealth Health { get; }
    public LeaseSweeper Sweeper { get; }

    /// <summary>The plan a plan task commits for <paramref name="job"/>.</summary>
    public Func<Job, JobPlan> PlanFor { get; set; } = job => Samples.Plan(job.Spec.Passes);

    public Task<Job> SubmitAsync(int passes = 2) => Coordinator.SubmitAsync(Samples.Spec(passes), CancellationToken.None);

    public Task<Job> AdvanceAsync(JobId id) => Coordinator.AdvanceAsync(id, CancellationToken.None);

    /// <summary>Silo <paramref name="silo"/> asks for a task.</summary>
    public Task<TaskRecord?> LeaseAsync(string silo = "silo-a", WorkerCapabilities? capabilities = null, IReadOnlySet<SegmentRef>? cached = null) =>
        Store.TryLeaseAsync(Terms.Request(new SiloId(silo), capabilities ?? GpuSilo, cached), CancellationToken.None);

    /// <summary>The holder of <paramref name="leased"/> commits it (with a plan for a plan task).</summary>
    public Task<bool> CommitAsync(TaskRecord leased)
    {
        var plan = leased.Spec.Kind == TaskKind.Plan ? PlanFor(Store.JobOf(leased.Id.Job)) : null;
        return Store.CommitAsync(leased.Lease!.Token, Clock.GetUtcNow(), plan, CancellationToken.None);
    }

    /// <summary>The holder of <paramref name="leased"/> reports that it threw <paramref name="error"/>.</summary>
    public Task<bool> FailAsync(TaskRecord leased, string error) =>
        Store.FailAsync(Retry.OnFailure(leased, FailureCause.Error, error, Clock.GetUtcNow()), CancellationToken.None);

    /// <summary>
    /// Leases and commits ready tasks, advancing the job after each, until the job leaves
    /// Planning/Running, nothing can be leased, or a leased task fails <paramref name="commit"/>:
    /// that one is returned still leased, for the test to deal with.
    /// </summary>
    public async Task<(Job Job, TaskRecord? Held)> RunAsync(JobId id, Func<TaskSpec, bool>? commit = null)
    {
        var job = await AdvanceAsync(id);
        while (JobStateMachine.IsLeasable(job.State))
        {
            var leased = await LeaseAsync();
            if (leased is null) return (job, null);
            if (commit is not null && !commit(leased.Spec)) return (job, leased);
            Assert.True(await CommitAsync(leased));
            job = await AdvanceAsync(id);
        }
        return (job, null);
    }
}
