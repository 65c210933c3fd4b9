using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Kernels.Shots;
using StyleFarm.Silo.Paths;

namespace StyleFarm.Silo.Worker;

/// <summary>How an <see cref="EmbeddedFarm"/> runs: its workers, their folders, where its grain state lives.</summary>
public sealed record EmbeddedFarmOptions
{
    /// <summary>
    /// Workers run in the process. Default 1: one machine's CPU or GPU is used fully by one stylize task
    /// at a time. More (each with its own flow cache, as separate silos would have) exercise a farm in one process.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Names the worker(s): "{SiloName}" for one worker, "{SiloName}-{n}" for several. Default: host name and process id.</summary>
    public string SiloName { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>What each worker offers. Default: no GPU, the memory this process may use.</summary>
    public WorkerCapabilities Capabilities { get; init; } = new(0, 0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// Root of the workers' flow caches and scratch files ("flow" and "work" below it, per worker when
    /// there are several). Default: <see cref="WorkerOptions.DefaultCacheFolder"/>'s parent folder.
    /// </summary>
    public string Folder { get; init; } = Path.GetDirectoryName(WorkerOptions.DefaultCacheFolder(Environment.GetEnvironmentVariable))!;

    /// <summary>Where the silo keeps its grains' state (a killed process started again on it resumes its jobs). Default: "grains" in <see cref="Folder"/>.</summary>
    public string? StateFolder { get; init; }

    /// <summary>
    /// Retry policy. Default: <see cref="LeaseOptions"/>'s. Its blocklist threshold is not used: the workers of one
    /// process share a machine, so a failing task fails its job after <see cref="LeaseOptions.MaxAttempts"/> instead
    /// of stalling it on a blocklisted worker.
    /// </summary>
    public LeaseOptions Lease { get; init; } = new();

    /// <summary>The task graph's cost and memory model. Default: <see cref="TaskGraphOptions"/>'s.</summary>
    public TaskGraphOptions Graph { get; init; } = new();

    /// <summary>Where tensors live: "cpu" or "cuda:N". Default "cpu".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Shot detection of the plan task. Default: <see cref="ShotDetectorOptions"/>'s.</summary>
    public ShotDetectorOptions ShotDetector { get; init; } = new();

    /// <summary>
    /// How often a run looks at its job grain (to see the plan and the end) and how long an idle worker waits before
    /// asking again. Default 100 ms: both are one short call inside the process.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a running task's worker asks whether its attempt still holds. Default 2 s (<see cref="WorkerOptions.HoldCheckInterval"/>).</summary>
    public TimeSpan HoldCheckInterval { get; init; } = new WorkerOptions().HoldCheckInterval;

    /// <summary>
    /// Which local paths the workers' tasks may read and write. Default <see cref="PathPolicy.Anywhere"/>: `render` runs
    /// the user's own job on the user's own files; a test of the farm's limits gives roots.
    /// </summary>
    public PathPolicy Paths { get; init; } = PathPolicy.Anywhere;

    /// <summary>The grain state folder: <see cref="StateFolder"/>, else "grains" in <see cref="Folder"/>.</summary>
    public string GrainStateFolder => StateFolder ?? Path.Combine(Folder, "grains");

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (Workers < 1) throw new ArgumentException($"an embedded farm needs at least one worker, not {Workers}", nameof(Workers));
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException($"poll interval {PollInterval} must be positive", nameof(PollInterval));
        if (HoldCheckInterval <= TimeSpan.Zero) throw new ArgumentException($"hold check interval {HoldCheckInterval} must be positive", nameof(HoldCheckInterval));
        if (string.IsNullOrWhiteSpace(Folder)) throw new ArgumentException("the embedded farm needs a folder for its caches", nameof(Folder));
        _ = new SiloId(Workers == 1 ? SiloName : $"{SiloName}-{Workers}");
        Lease.Validate();
        Graph.Validate();
    }
}
