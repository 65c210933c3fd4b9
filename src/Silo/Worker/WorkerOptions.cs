using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Worker;

/// <summary>How a <see cref="Worker"/> asks for tasks and keeps them.</summary>
public sealed record WorkerOptions
{
    /// <summary>The silo this worker runs on; leases and failures are recorded against it.</summary>
    public required SiloId Silo { get; init; }

    /// <summary>
    /// What the worker offers; tasks whose requirements exceed it are not leased to it. Default: no GPU,
    /// and the memory the .NET runtime says this process may use (the container's limit when there is one).
    /// </summary>
    public WorkerCapabilities Capabilities { get; init; } = new(0, 0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// How long an idle worker waits before asking for a task again when no wake-up signal arrives.
    /// Default 5 s: an idle poll is one indexed query, so a farm of a hundred silos costs the store twenty
    /// queries a second, and with a <see cref="IWorkSignal"/> the poll is only the fallback.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Lease duration, heartbeat interval (a renewal every <see cref="LeaseOptions.HeartbeatInterval"/>,
    /// default 15 s, of a 60 s lease) and retry policy; the same values the store's sweeper uses.
    /// </summary>
    public LeaseOptions Lease { get; init; } = new();

    /// <summary>
    /// This silo's flow cache (see <see cref="Execution.FlowCache"/>). Default: <c>$STYLEFARM_HOME/cache/flow</c>
    /// when STYLEFARM_HOME is set, else <c>$XDG_CACHE_HOME/stylefarm/flow</c>, else <c>~/.cache/stylefarm/flow</c>:
    /// a cache, so the platform's cache folder, which may be cleared at any time without losing work.
    /// </summary>
    public string CacheFolder { get; init; } = DefaultCacheFolder(Environment.GetEnvironmentVariable);

    /// <summary>
    /// The most bytes the flow cache keeps between tasks (<see cref="FlowCacheUpkeep"/>). Default 32 GiB:
    /// at 1080p a 32-frame segment's flows and weights take about 1 GiB, so a silo keeps the segments of
    /// a few dozen recent tasks, enough for every pass of the segments it works on.
    /// </summary>
    public long FlowCacheBytes { get; init; } = DefaultFlowCacheBytes;

    /// <summary>The default <see cref="FlowCacheBytes"/>, 32 GiB.</summary>
    public const long DefaultFlowCacheBytes = 32L << 30;

    /// <summary>The default <see cref="CacheFolder"/> for the given environment variables.</summary>
    public static string DefaultCacheFolder(Func<string, string?> environment)
    {
        var home = environment("STYLEFARM_HOME");
        if (!string.IsNullOrEmpty(home)) return Path.Combine(home, "cache", "flow");
        var cache = environment("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "stylefarm", "flow");
    }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
            throw new ArgumentException($"worker poll interval is {PollInterval}: it must be positive", nameof(PollInterval));
        if (Capabilities.Gpus < 0 || Capabilities.GpuMemoryBytes < 0 || Capabilities.MemoryBytes <= 0)
            throw new ArgumentException($"worker capabilities {Capabilities} are invalid: GPUs and GPU memory cannot be negative and memory must be positive", nameof(Capabilities));
        if (FlowCacheBytes < 0)
            throw new ArgumentException($"worker flow cache capacity is {FlowCacheBytes} bytes: give 0 (keep nothing between tasks) or more", nameof(FlowCacheBytes));
        if (string.IsNullOrWhiteSpace(CacheFolder))
            throw new ArgumentException("worker cache folder is empty: give a folder for the flow cache", nameof(CacheFolder));
        Lease.Validate();
    }
}
