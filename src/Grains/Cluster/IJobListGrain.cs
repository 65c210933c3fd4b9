using Orleans.Concurrency;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The farm's list of jobs (one grain, key 0), a read model the job grains keep: each reports its listing when it
/// is submitted, when its state changes and when it activates. `GET /api/jobs` reads it, so listing the farm's jobs
/// activates one grain, not one per job.
/// </summary>
public interface IJobListGrain : IGrainWithIntegerKey
{
    /// <summary>Records a job's listing (the newer of this and the one kept, by <see cref="JobListing.UpdatedAt"/>).</summary>
    Task PutAsync(JobListing listing);

    /// <summary>Every job, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<JobListing>> ListAsync();
}
