namespace StyleFarm.Grains.Silos;

/// <summary>
/// The silos' own rows: each silo registers when it starts and heartbeats on a timer of its own,
/// separately from the leases its worker renews, so <see cref="SiloHealth"/> can tell a dead silo from
/// one busy with a long task.
/// </summary>
public interface ISiloRegistry
{
    /// <summary>Registers <paramref name="silo"/>, or replaces its row (capabilities, start, heartbeat) when it restarts under the same id.</summary>
    Task RegisterSiloAsync(SiloRecord silo, CancellationToken cancellationToken);

    /// <summary>Records that the silo is alive at <paramref name="at"/>.</summary>
    /// <returns>False when the silo is not registered (it was removed): register it again.</returns>
    Task<bool> HeartbeatSiloAsync(SiloId silo, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every registered silo with its last heartbeat, by id.</summary>
    Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken);

    /// <summary>Removes the row of a silo that shut down cleanly.</summary>
    /// <returns>False when it was not registered.</returns>
    Task<bool> RemoveSiloAsync(SiloId silo, CancellationToken cancellationToken);
}
