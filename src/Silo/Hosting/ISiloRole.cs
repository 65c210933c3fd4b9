namespace StyleFarm.Silo.Hosting;

/// <summary>
/// A role a silo runs (worker, coordinator, API): it starts when <see cref="RunAsync"/> is called and
/// runs until the token is cancelled, then cleans up (gives back its lock, stops listening, abandons
/// its task) and returns. An exception from it is a failure of the silo.
/// </summary>
public interface ISiloRole
{
    /// <summary>"worker", "coordinator" or "api", for messages.</summary>
    string Name { get; }

    /// <summary>Runs the role until <paramref name="stop"/> is cancelled; returns once it has cleaned up.</summary>
    Task RunAsync(CancellationToken stop);
}
