using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Execution;

/// <summary>The API's seam ratio and training status, read from the metrics the encode task commits (<see cref="JobMetricsArtifact"/>).</summary>
public sealed class ArtifactJobMetrics(IArtifactStore artifacts) : IJobMetricsSource
{
    /// <inheritdoc />
    public async Task<double?> SeamRatioAsync(Job job, CancellationToken cancellationToken) =>
        (await JobMetricsArtifact.ReadAsync(artifacts, job.Id, cancellationToken).ConfigureAwait(false))?.SeamError.Ratio;

    /// <inheritdoc />
    public Task<TrainingStatus?> TrainingAsync(Job job, CancellationToken cancellationToken) =>
        TrainingArtifacts.ReadStatusAsync(artifacts, job.Id, cancellationToken);
}
