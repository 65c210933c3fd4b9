namespace StyleFarm.Silo.Hosting;

/// <summary>The roles a silo process can hold; any combination of them (`--role worker,coordinator,api`).</summary>
[Flags]
public enum SiloRoles
{
    /// <summary>No role (not a valid silo).</summary>
    None = 0,

    /// <summary>Asks the dispatcher for tasks and runs their executors.</summary>
    Worker = 1,

    /// <summary>Hosts the coordination grains (job, shot, dispatcher, job list): their placement prefers silos with this role.</summary>
    Coordinator = 2,

    /// <summary>Serves the JSON HTTP API.</summary>
    Api = 4,
}
