using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Worker;

/// <summary>How a worker reads the job of a task it leased (spec and plan).</summary>
public interface IJobReader
{
    /// <summary>The job, or null when there is none with this id.</summary>
    Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken);
}

/// <summary>Reads jobs from the coordinator's store (every task store implements <see cref="ICoordinatorStore"/> too).</summary>
public sealed class StoreJobReader(ICoordinatorStore store) : IJobReader
{
    /// <inheritdoc />
    public Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken) => store.GetJobAsync(id, cancellationToken);
}
