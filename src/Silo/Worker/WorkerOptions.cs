using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Worker;

/// <summary>How a silo's <see cref="Worker"/> talks to the grains and keeps its flow cache; every default is given here.</summary>
public sealed record WorkerOptions
{
    /// <summary>The default <see cref="FlowCacheBytes"/>, 32 GiB.</summary>
    public const long DefaultFlowCacheBytes = 32L << 30;

    /// <summary>The silo's name, as attempts and failures name it. Default: host name and process id (a silo sets its own `--name`).</summary>
    public string Silo { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// What the worker offers (tasks needing more are not handed to it). Default: no GPU, and the memory the .NET runtime
    /// says this process may use (a container's limit when there is one).
    /// </summary>
    public WorkerCapabilities Capabilities { get; init; } = new(0, 0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// The longest one grain call may take: asking for work, reading a job, checking or finishing an attempt. A call
    /// into a silo that died would otherwise wait Orleans' whole response timeout (30 s). Default 5 s.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle worker waits before asking again. Default 250 ms (an ask is one short grain call).</summary>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a running task asks its owner whether the attempt still holds (cancelled job, silo taken for dead). Default 2 s.</summary>
    public TimeSpan HoldCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest wait between tries to report a finished attempt whose owner cannot answer (moving to another silo,
    /// or its database restarting); the worker tries until the owner answers or the silo stops. Default 2 s.
    /// </summary>
    public TimeSpan FinishRetryCap { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most bytes the flow cache keeps between tasks (<see cref="FlowCacheUpkeep"/>). Default 32 GiB: at 1080p a
    /// 32-frame segment's flows and weights take about 1 GiB, so a silo keeps the segments of a few dozen recent tasks,
    /// enough for every pass of the segments it works on.
    /// </summary>
    public long FlowCacheBytes { get; init; } = DefaultFlowCacheBytes;

    /// <summary>
    /// The default flow cache folder: <c>$STYLEFARM_HOME/cache/flow</c> when STYLEFARM_HOME is set, else
    /// <c>$XDG_CACHE_HOME/stylefarm/flow</c>, else <c>~/.cache/stylefarm/flow</c>: a cache, so the platform's cache
    /// folder, which may be cleared at any time without losing work.
    /// </summary>
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
        _ = new SiloId(Silo);
        if (Capabilities.Gpus < 0 || Capabilities.GpuMemoryBytes < 0 || Capabilities.MemoryBytes <= 0)
            throw new ArgumentException($"worker capabilities {Capabilities} are invalid: GPUs and GPU memory cannot be negative and memory must be positive", nameof(Capabilities));
        foreach (var (name, value) in new[] { (nameof(CallTimeout), CallTimeout), (nameof(IdleWait), IdleWait), (nameof(HoldCheckInterval), HoldCheckInterval), (nameof(FinishRetryCap), FinishRetryCap) })
            if (value <= TimeSpan.Zero) throw new ArgumentException($"worker {name} is {value}: it must be positive", name);
        if (FlowCacheBytes < 0)
            throw new ArgumentException($"worker flow cache capacity is {FlowCacheBytes} bytes: give 0 (keep nothing between tasks) or more", nameof(FlowCacheBytes));
    }
}
