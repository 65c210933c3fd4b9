using System.Text.Json;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Execution;

/// <summary>A job's <see cref="JobMetrics"/> as JSON in the artifact store, at <c>jobs/{job}/metrics.json</c>, for the API and dashboard.</summary>
public static class JobMetricsArtifact
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The key of the job's metrics.</summary>
    public static ArtifactKey KeyOf(JobId job) => new($"{ArtifactKey.JobPrefix(job)}metrics.json");

    /// <summary>Commits <paramref name="metrics"/> for <paramref name="job"/>.</summary>
    public static Task WriteAsync(IArtifactStore store, JobId job, JobMetrics metrics, CancellationToken cancellationToken) =>
        JsonArtifact.WriteAsync(store, KeyOf(job), metrics, Json, cancellationToken);

    /// <summary>The job's metrics, or null when its encode task has not committed them.</summary>
    public static Task<JobMetrics?> ReadAsync(IArtifactStore store, JobId job, CancellationToken cancellationToken) =>
        JsonArtifact.ReadAsync<JobMetrics>(store, KeyOf(job), Json, "metrics", cancellationToken);
}
