using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Api;

/// <summary>Where the API reads a finished job's quality figures (the executors measure them when they encode).</summary>
public interface IJobMetricsSource
{
    /// <summary>The seam error ratio of <paramref name="job"/>'s output, or null when none has been reported.</summary>
    Task<double?> SeamRatioAsync(Job job, CancellationToken cancellationToken);
}
