using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Cluster;

/// <summary>A job as the job list keeps it: enough for a list of every job without asking each job grain.</summary>
[GenerateSerializer, Immutable]
public sealed record JobListing
{
    /// <summary>The job.</summary>
    [Id(0)] public required JobId Id { get; init; }

    /// <summary>Where it is.</summary>
    [Id(1)] public required JobState State { get; init; }

    /// <summary>The input it stylizes.</summary>
    [Id(2)] public required string Input { get; init; }

    /// <summary>Where its output goes.</summary>
    [Id(3)] public required string Output { get; init; }

    /// <summary>When it was submitted.</summary>
    [Id(4)] public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When its state last changed.</summary>
    [Id(5)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Why it failed; null unless Failed.</summary>
    [Id(6)] public string? Error { get; init; }

    /// <summary>The listing of <paramref name="job"/>.</summary>
    public static JobListing Of(Job job) => new()
    {
        Id = job.Id, State = job.State, Input = job.Spec.Input, Output = job.Spec.Output, SubmittedAt = job.SubmittedAt, UpdatedAt = job.UpdatedAt,
        Error = job.Error,
    };
}
