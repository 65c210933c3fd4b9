namespace StyleFarm.Silo.Hosting;

/// <summary>The roles a silo process can hold; any combination of them (`--role worker,coordinator,api`).</summary>
[Flags]
public enum SiloRoles
{
    /// <summary>No role (not a valid silo).</summary>
    None = 0,

    /// <summary>Leases tasks and runs their executors.</summary>
    Worker = 1,

    /// <summary>Advances jobs and sweeps expired leases while it holds the coordinator lock; waits as a standby otherwise.</summary>
    Coordinator = 2,

    /// <summary>Serves the JSON HTTP API.</summary>
    Api = 4,
}
