using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>
/// What every <see cref="ITaskStore"/> must do, checked against the domain's rules (the in-memory
/// reference store of Grains.Tests behaves the same). A back end passes by deriving from this class;
/// each test gets a fresh, empty store and a farm on a fake clock over it.
/// </summary>
public abstract partial class TaskStoreConformanceTests : IAsyncLifetime
{
    /// <summary>No test cancels.</summary>
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>How long a test waits for a wake-up that must come.</summary>
    protected static readonly TimeSpan WakeDeadline = TimeSpan.FromSeconds(10);

    private ITaskStore? _store;
    private StoreFarm? _farm;

    /// <summary>The store under test.</summary>
    protected ITaskStore Store => _store ?? throw new InvalidOperationException("The store is not open yet.");

    /// <summary>A farm on a fake clock over <see cref="Store"/>.</summary>
    protected StoreFarm Farm => _farm ?? throw new InvalidOperationException("The store is not open yet.");

    /// <summary>Opens a new, empty store.</summary>
    protected abstract Task<ITaskStore> OpenStoreAsync();

    /// <summary>Opens another instance on the store <see cref="OpenStoreAsync"/> created, as a second silo would.</summary>
    protected abstract Task<ITaskStore> OpenSameStoreAsync();

    /// <summary>Runs <paramref name="sql"/> on the store's database directly.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    public virtual async Task InitializeAsync()
    {
        _store = await OpenStoreAsync();
        _farm = new StoreFarm(_store);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    /// <summary>Stores a Running sample job submitted at <paramref name="at"/> (default: now) and returns it.</summary>
    protected async Task<Job> InsertRunningJobAsync(DateTimeOffset? at = null, JobState state = JobState.Running)
    {
        var job = TaskSamples.RunningJob(JobId.New(Farm.Clock), at ?? Farm.Now) with { State = state };
        await Store.InsertJobAsync(job, None);
        return job;
    }

    /// <summary>Inserts <paramref name="tasks"/> and checks they were all new.</summary>
    protected async Task InsertAsync(params TaskRecord[] tasks) => Assert.Equal(tasks.Length, await Store.InsertTasksAsync(tasks, None));

    /// <summary>The task's fields that a store keeps, in a form that compares by value.</summary>
    protected static object Fields(TaskRecord t) => new
    {
        t.Id,
        t.Spec.Segment,
        t.Spec.Direction,
        Dependencies = string.Join(",", t.Spec.Dependencies),
        t.Spec.Requirements,
        t.Spec.EstimatedCost,
        t.Spec.CriticalPath,
        t.State,
        t.Attempts,
        t.UpdatedAt,
        t.NotBefore,
        t.Lease,
        t.LastError,
    };
}
