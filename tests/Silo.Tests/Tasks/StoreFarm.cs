using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>
/// A farm over a real task store on a fake clock: the domain's coordinator and sweeper, unchanged, and
/// worker helpers that lease, commit and fail tasks the way a silo does.
/// </summary>
public sealed class StoreFarm
{
    /// <summary>Capabilities of a GPU silo big enough for every test task.</summary>
    public static readonly WorkerCapabilities GpuSilo = new(1, 16L << 30, 64L << 30);

    private static readonly CancellationToken None = CancellationToken.None;

    public StoreFarm(ITaskStore store, LeaseOptions? lease = null)
    {
        Store = store;
        Lease = lease ?? new LeaseOptions();
        Clock = new FakeTimeProvider(TaskSamples.Start);
        Coordinator = new Coordinator(Store, new TaskGraphBuilder(new TaskGraphOptions()), Clock);
        Retry = new RetryPolicy(Lease);
        Terms = new LeaseTerms(Lease, Clock);
        Health = new SiloHealth(new SiloHealthOptions());
        Sweeper = new LeaseSweeper(Store, Retry, Health, Clock);
    }

    public ITaskStore Store { get; }
    public LeaseOptions Lease { get; }
    public FakeTimeProvider Clock { get; }
    public Coordinator Coordinator { get; }
    public RetryPolicy Retry { get; }
    public LeaseTerms Terms { get; }
    public SiloHealth Health { get; }
    public LeaseSweeper Sweeper { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public Task<Job> SubmitAsync(int passes = 2) => Coordinator.SubmitAsync(TaskSamples.Spec(passes), None);

    public Task<Job> AdvanceAsync(JobId id) => Coordinator.AdvanceAsync(id, None);

    public async Task<Job> JobAsync(JobId id) => await Store.GetJobAsync(id, None) ?? throw new KeyNotFoundException($"job {id}");

    public async Task<TaskRecord> TaskAsync(TaskId id) => await Store.GetTaskAsync(id, None) ?? throw new KeyNotFoundException($"task {id}");

    public Task<IReadOnlyList<TaskRecord>> TasksAsync(JobId job) => Store.ListTasksAsync(job, None);

    public async Task<int> CountAsync(JobId job, TaskState state) => (await TasksAsync(job)).Count(t => t.State == state);

    public async Task<int> FailuresAsync(string silo, JobId job) =>
        (await Store.ListSiloFailuresAsync(job, None)).GetValueOrDefault(new SiloId(silo));

    /// <summary>Silo <paramref name="silo"/> asks for a task.</summary>
    public Task<TaskRecord?> LeaseAsync(string silo = "silo-a", WorkerCapabilities? capabilities = null, IReadOnlySet<SegmentRef>? cached = null) =>
        Store.TryLeaseAsync(Terms.Request(new SiloId(silo), capabilities ?? GpuSilo, cached), None);

    /// <summary>The holder of <paramref name="leased"/> commits it (with the sample plan for a plan task).</summary>
    public async Task<bool> CommitAsync(TaskRecord leased)
    {
        var plan = leased.Spec.Kind == TaskKind.Plan ? TaskSamples.Plan((await JobAsync(leased.Id.Job)).Spec.Passes) : null;
        return await Store.CommitAsync(leased.Lease!.Token, Now, plan, None);
    }

    /// <summary>The holder of <paramref name="leased"/> reports that it threw <paramref name="error"/>.</summary>
    public Task<bool> FailAsync(TaskRecord leased, string error) =>
        Store.FailAsync(Retry.OnFailure(leased, FailureCause.Error, error, Now), None);

    /// <summary>A Running sample job (plan committed).</summary>
    public async Task<Job> RunningAsync(int passes = 2)
    {
        var job = await SubmitAsync(passes);
        await AdvanceAsync(job.Id);
        Assert.True(await CommitAsync((await LeaseAsync())!));
        job = await AdvanceAsync(job.Id);
        Assert.Equal(JobState.Running, job.State);
        return job;
    }

    /// <summary>
    /// Leases and commits ready tasks, advancing the job after each, until the job leaves
    /// Planning/Running, nothing can be leased, or a leased task fails <paramref name="commit"/>:
    /// that one is returned still leased.
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
