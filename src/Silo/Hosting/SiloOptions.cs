using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Telemetry;
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

    /// <summary>Where the cluster's state is (`--store`): the farm's PostgreSQL database, or a folder for a silo on its own.</summary>
    public required GrainStoreLocation Store { get; init; }

    /// <summary>The farm's artifact store (`--artifacts`); the worker reads and writes frames there, the API reads job metrics.</summary>
    public required ArtifactStoreOptions Artifacts { get; init; }

    /// <summary>
    /// The silo's name in its metadata, in attempts and in failure counts (`--name`). Default: host name and
    /// process id, unique on a machine and recognisable in `stylefarm cluster ps` and the API.
    /// </summary>
    public string Name { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The API role's address, token and limits; required when <see cref="Roles"/> has <see cref="SiloRoles.Api"/>.</summary>
    public ApiOptions? Api { get; init; }

    /// <summary>
    /// The Orleans cluster this silo joins (`--silo-port`, `--gateway-port`, `--advertise`, `--membership`). Default:
    /// <see cref="FarmClusterOptions"/>'s (cluster "stylefarm", ports 11111 and 30000 on 127.0.0.1, Orleans' production
    /// membership timings).
    /// </summary>
    public FarmClusterOptions Cluster { get; init; } = new();

    /// <summary>
    /// The attempts' retry policy and blocklist, applied by the grains this silo hosts (every silo of a farm must use the
    /// same). Default: <see cref="LeaseOptions"/>'s (4 attempts, 5 s … 5 min backoff, blocklist after 3 failures).
    /// </summary>
    public LeaseOptions Lease { get; init; } = new();

    /// <summary>The dispatcher's limits (its calls to task owners). Default: <see cref="DispatcherOptions"/>'s.</summary>
    public DispatcherOptions Dispatcher { get; init; } = new();

    /// <summary>
    /// The worker's timings (call timeout, idle wait, hold checks); its name, capabilities and cache size are this
    /// silo's own. Default: <see cref="WorkerOptions"/>'s (5 s calls, 250 ms idle wait, 2 s hold checks).
    /// </summary>
    public WorkerOptions Worker { get; init; } = new();

    /// <summary>The task graph's cost and memory model, used when jobs are planned. Default: <see cref="TaskGraphOptions"/>'s.</summary>
    public TaskGraphOptions Graph { get; init; } = new();

    /// <summary>
    /// What this silo's worker offers (in its silo metadata and its asks; tasks needing more are not handed to it).
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

    /// <summary>
    /// The folders this silo's tasks read local inputs and style images from and write local outputs to (`--input-root`,
    /// `--output-root`), and the API accepts in submitted jobs. Default: none, so the silo reads and writes no local path
    /// (it says so when it starts) and jobs use http(s) or blob URLs; `stylefarm cluster up` passes roots.
    /// </summary>
    public PathRoots Paths { get; init; } = new();

    /// <summary>
    /// What this silo exports of its metrics and traces (`--otlp-endpoint`, `--otlp-protocol`, `--prometheus`). Default: nothing,
    /// and no exporter is registered. <c>--prometheus</c> needs the api role (it serves on the API's port).
    /// </summary>
    public TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is missing or out of range.</exception>
    public void Validate()
    {
        if (Roles == SiloRoles.None)
            throw new ArgumentException("the silo has no role: give --role with any of worker, coordinator, api", nameof(Roles));
        ArgumentNullException.ThrowIfNull(Store);
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
        Paths.Canonical();
        Telemetry.Validate();
        if (Telemetry.Prometheus && !Roles.HasFlag(SiloRoles.Api))
            throw new ArgumentException("--prometheus serves /metrics on the API's port: give it to a silo with the api role, or leave it out");
        Cluster.Validate();
        Lease.Validate();
        (Worker with { Silo = Name, Capabilities = Capabilities }).Validate();
        Graph.Validate();
    }
}
