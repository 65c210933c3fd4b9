using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// Keeps a silo's <see cref="FlowCache"/> bounded between tasks: the flows of jobs that are no longer
/// active go first (a resumed or retried job fetches them back from the artifact store), then whole
/// segments, least recently used first, until the cache fits its capacity. A feature film's flows are
/// terabytes at full resolution, so a cache that only grows would fill a silo's disk.
/// </summary>
public sealed class FlowCacheUpkeep(FlowCache cache, IJobReader jobs, long capacityBytes)
{
    /// <summary>Evicts finished jobs and trims to capacity, keeping <paramref name="justUsed"/> if it fits.</summary>
    /// <returns>The jobs evicted and the segments trimmed.</returns>
    public async Task<(IReadOnlyList<JobId> Jobs, IReadOnlyList<SegmentRef> Segments)> TidyAsync(SegmentRef? justUsed, CancellationToken cancellationToken)
    {
        var evicted = new List<JobId>();
        foreach (var id in cache.CachedJobs())
        {
            var job = await jobs.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            if (job is not null && JobStateMachine.Active.Contains(job.State)) continue;
            cache.Evict(id);
            evicted.Add(id);
        }
        return (evicted, cache.TrimTo(capacityBytes, justUsed));
    }
}
