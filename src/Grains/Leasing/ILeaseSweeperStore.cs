using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>What the <see cref="LeaseSweeper"/> needs from the store.</summary>
public interface ILeaseSweeperStore
{
    /// <summary>Every task in state Leased, with its lease (one per busy worker, so a short list).</summary>
    Task<IReadOnlyList<TaskRecord>> ListLeasedAsync(CancellationToken cancellationToken);

    /// <summary>Every registered silo with its last heartbeat.</summary>
    Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes a lease back: applies <paramref name="failure"/> (<see cref="TaskFailure.ApplyTo"/>) and
    /// counts one failure of its silo on the job, only if the task is still leased under
    /// <see cref="TaskFailure.Token"/> with expiry <paramref name="observedExpiry"/>, i.e. nobody renewed,
    /// committed or failed it since the sweeper looked.
    /// </summary>
    /// <returns>False when the lease changed in the meantime (nothing was done).</returns>
    Task<bool> ExpireAsync(TaskFailure failure, DateTimeOffset observedExpiry, CancellationToken cancellationToken);
}
