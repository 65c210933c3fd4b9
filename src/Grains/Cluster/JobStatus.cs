using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>A job with its progress, as the job grain answers status: what the API's job view is made of.</summary>
[GenerateSerializer, Immutable]
public sealed record JobStatus
{
    /// <summary>The job (spec, state, plan, error).</summary>
    [Id(0)] public required Job Job { get; init; }

    /// <summary>Its tasks (its own and its shots', as they last reported) by state.</summary>
    [Id(1)] public required TaskProgress Progress { get; init; }

    /// <summary>Frames whose last pass succeeded.</summary>
    [Id(2)] public int FramesDone { get; init; }

    /// <summary>Per pass (index p − 1): frames whose pass p succeeded, as the shots last reported.</summary>
    [Id(3)] public int[] FramesByPass { get; init; } = [];
}
