using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Api;

/// <summary>Where the API reads a finished job's quality figures (the executors measure them when they encode) and a training job's progress.</summary>
public interface IJobMetricsSource
{
    /// <summary>The seam error ratio of <paramref name="job"/>'s output, or null when none has been reported.</summary>
    Task<double?> SeamRatioAsync(Job job, CancellationToken cancellationToken);

    /// <summary>A training job's status as its train task last stored it, or null when none has been stored.</summary>
    Task<Execution.TrainingStatus?> TrainingAsync(Job job, CancellationToken cancellationToken);
}
