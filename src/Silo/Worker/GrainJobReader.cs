using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Worker;

/// <summary>Reads jobs from their job grains, each call within a timeout.</summary>
public sealed class GrainJobReader(IGrainFactory grains, TimeSpan callTimeout) : IJobReader
{
    /// <inheritdoc />
    public Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken) =>
        grains.GetGrain<IJobGrain>(id.ToString()).GetAsync().WaitAsync(callTimeout, cancellationToken);
}
