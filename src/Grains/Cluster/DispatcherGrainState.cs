using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Cluster;

/// <summary>What the dispatcher persists: only the jobs that run (their owners re-offer their tasks when it moves).</summary>
[GenerateSerializer]
public sealed class DispatcherGrainState
{
    /// <summary>The running jobs.</summary>
    [Id(0)] public HashSet<JobId> Jobs { get; set; } = [];
}
