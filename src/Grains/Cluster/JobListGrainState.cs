using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Cluster;

/// <summary>What the job list persists: one listing per job (a few hundred bytes each, rewritten when a job's state changes, not per task).</summary>
[GenerateSerializer]
public sealed class JobListGrainState
{
    /// <summary>The listings by job.</summary>
    [Id(0)] public Dictionary<JobId, JobListing> Jobs { get; set; } = [];
}
