using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>What a job grain knows of its tasks: its own (plan, encode) and how many shot grains hold the rest.</summary>
[GenerateSerializer, Immutable]
public sealed record JobTasks
{
    /// <summary>The plan task, and the encode task once the job is planned.</summary>
    [Id(0)] public required IReadOnlyList<TaskRecord> Own { get; init; }

    /// <summary>The shots of its plan (0 before it is planned).</summary>
    [Id(1)] public required int ShotCount { get; init; }
}
