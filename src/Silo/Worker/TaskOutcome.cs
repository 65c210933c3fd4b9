using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Worker;

/// <summary>What a finished task hands back besides its artifacts.</summary>
/// <param name="Plan">The plan a plan task produced (committed with the task); null for every other kind.</param>
/// <param name="Metrics">The job's quality figures, from the encode task; null for every other kind.</param>
public sealed record TaskOutcome(JobPlan? Plan = null, JobMetrics? Metrics = null)
{
    /// <summary>A task that produced artifacts only.</summary>
    public static TaskOutcome ArtifactsOnly { get; } = new();
}
