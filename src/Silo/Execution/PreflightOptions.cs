using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Execution;

/// <summary>What <see cref="JobPreflight"/> holds a job against.</summary>
public sealed record PreflightOptions
{
    /// <summary>
    /// Whether a relative input, style or output path is refused. Default false (render makes them absolute in the
    /// user's folder); the API sets it, as a silo would resolve a relative path in its own working folder.
    /// </summary>
    public bool RequireAbsolutePaths { get; init; }

    /// <summary>
    /// The live worker silos' capabilities a stylize task must fit; null or empty (the default) skips the memory and
    /// GPU checks, as silos may join later (the plan then waits for one).
    /// </summary>
    public IReadOnlyList<WorkerCapabilities>? Silos { get; init; }

    /// <summary>
    /// The names of <see cref="Silos"/>, in the same order, so a refusal names the largest one. Default null: a refusal
    /// says only <see cref="SiloWord"/> (render's one worker has no name).
    /// </summary>
    public IReadOnlyList<string>? SiloNames { get; init; }

    /// <summary>How a refusal names the largest of <see cref="Silos"/>. Default "silo"; render says "worker on this machine".</summary>
    public string SiloWord { get; init; } = "silo";

    /// <summary>The memory model (<see cref="TaskGraphOptions.StylizeBytes"/>). Default: <see cref="TaskGraphOptions"/>'s defaults, those the farm plans with.</summary>
    public TaskGraphOptions Graph { get; init; } = new();
}
