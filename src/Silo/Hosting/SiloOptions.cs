using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// Everything a silo process runs with (`stylefarm silo`): its roles, its stores, and the settings of
/// each role. Every default is given here; the command line sets the first few.
/// </summary>
public sealed record SiloOptions
{
    /// <summary>Which roles this silo runs (at least one).</summary>
    public required SiloRoles Roles { get; init; }

    /// <summary>The farm's task store (`--store`).</summary>
    public required TaskStoreLocation Store { get; init; }

    /// <summary>The farm's artifact store (`--artifacts`); the worker reads and writes frames there, the API reads job metrics.</summary>
    public required ArtifactStoreOptions Artifacts { get; init; }

    /// <summary>
    /// The silo's name in the registry, in leases and in failure counts (`--name`). Default: host name and
    /// process id, unique on a machine and recognisable in `stylefarm cluster ps` and the API.
    /// </summary>
    public string Name { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The API role's address, token and limits; required when <see cref="Roles"/> has <see cref="SiloRoles.Api"/>.</summary>
    public ApiOptions? Api { get; init; }

    /// <summary>
    /// The Orleans cluster this silo joins when its store is PostgreSQL (`--silo-port`, `--gateway-port`, `--advertise`,
    /// `--membership`). Default: <see cref="FarmClusterOptions"/>'s (cluster "stylefarm", ports 11111 and 30000 on
    /// 127.0.0.1, Orleans' production membership timings).
    /// </summary>
    public FarmClusterOptions Cluster { get; init; } = new();

    /// <summary>The coordinator role's intervals. Default: <see cref="CoordinatorRoleOptions"/>'s (1 s rounds, 5 s standby).</summary>
    public CoordinatorRoleOptions Coordinator { get; init; } = new();

    /// <summary>
    /// Lease duration, heartbeat and retry policy, shared by this silo's worker and its lease sweeper (every
    /// silo of a farm must use the same). Default: <see cref="LeaseOptions"/>'s (60 s leases, 15 s heartbeat, 4 attempts).
    /// </summary>
    public LeaseOptions Lease { get; init; } = new();

    /// <summary>How often this silo heartbeats its registry row and when a silent silo is dead. Default: <see cref="SiloHealthOptions"/>'s (15 s, dead after 60 s).</summary>
    public SiloHealthOptions Health { get; init; } = new();

    /// <summary>The task graph's cost and memory model, used when jobs are planned. Default: <see cref="TaskGraphOptions"/>'s.</summary>
    public TaskGraphOptions Graph { get; init; } = new();

    /// <summary>
    /// What this silo's worker offers (registered with the silo; tasks needing more are not leased to it).
    /// Default: no GPU, and the memory the .NET runtime says this process may use (a container's limit when there is one).
    /// </summary>
    public WorkerCapabilities Capabilities { get; init; } = new(0, 0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The worker's flow cache folder (`--cache`). Default null: the worker's own default (under STYLEFARM_HOME or the user's cache folder).</summary>
    public string? CacheFolder { get; init; }

    /// <summary>The most bytes the worker's flow cache keeps between tasks (`--cache-size`). Default <see cref="WorkerOptions.DefaultFlowCacheBytes"/> (32 GiB).</summary>
    public long FlowCacheBytes { get; init; } = WorkerOptions.DefaultFlowCacheBytes;

    /// <summary>Where the worker's tensors live: "cpu" or "cuda:N". Default "cpu".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The folder of installed network weights. Default null: <c>$STYLEFARM_HOME/models</c>, as `stylefarm models` installs them.</summary>
    public string? ModelsFolder { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is missing or out of range.</exception>
    public void Validate()
    {
        if (Roles == SiloRoles.None)
            throw new ArgumentException("the silo has no role: give --role with any of worker, coordinator, api", nameof(Roles));
        _ = new SiloId(Name);
        if (Roles.HasFlag(SiloRoles.Api))
        {
            if (Api is null)
                throw new ArgumentException("the api role needs a token: give --token TOKEN or --token-file FILE", nameof(Api));
            Api.Validate();
        }
        if (CacheFolder is not null && string.IsNullOrWhiteSpace(CacheFolder))
            throw new ArgumentException("the cache folder is empty: give a folder or leave --cache out", nameof(CacheFolder));
        if (FlowCacheBytes < 0)
            throw new ArgumentException($"the flow cache size is {FlowCacheBytes} bytes: give 0 or more", nameof(FlowCacheBytes));
        Cluster.Validate();
        Coordinator.Validate();
        Lease.Validate();
        Health.Validate();
        Graph.Validate();
    }
}
