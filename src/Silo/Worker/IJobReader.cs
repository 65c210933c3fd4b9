using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Worker;

/// <summary>How a worker reads the job of a task it was given (spec and plan).</summary>
public interface IJobReader
{
    /// <summary>The job, or null when there is none with this id.</summary>
    Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken);
}
