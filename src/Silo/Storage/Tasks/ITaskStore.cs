using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The task store of a farm: everything the coordinator, the workers, the lease sweeper, the silos'
/// heartbeats and the dashboard need, in one place. <see cref="SqliteTaskStore"/> (embedded) and
/// <see cref="PostgresTaskStore"/> (farm) implement it and pass the same conformance suite; each
/// method is one atomic step that applies the domain's rule (see src/Grains/README.md).
/// </summary>
public interface ITaskStore : ICoordinatorStore, ILeaseStore, ILeaseSweeperStore, ISiloRegistry, IWorkSignal, IJobEventLog, IAsyncDisposable
{
    /// <summary>Every task of <paramref name="job"/>, ordered by id (for status and the dashboard).</summary>
    Task<IReadOnlyList<TaskRecord>> ListTasksAsync(JobId job, CancellationToken cancellationToken);

    /// <summary>The failed or expired attempts counted against each silo on <paramref name="job"/> (the blocklist's input); silos without any are absent.</summary>
    Task<IReadOnlyDictionary<SiloId, int>> ListSiloFailuresAsync(JobId job, CancellationToken cancellationToken);

    /// <summary>Every registered silo with its last heartbeat, by id (one method for the sweeper and the registry).</summary>
    new Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken);

    /// <summary>The schema migrations applied when this instance opened the store (empty when it was up to date).</summary>
    IReadOnlyList<SchemaMigration> AppliedMigrations { get; }
}
