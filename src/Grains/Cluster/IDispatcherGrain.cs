using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;

using Orleans.Concurrency;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Hands ready tasks to workers, longest first, preferring the silo that caches a segment's flow (one grain,
/// key 0). It keeps the offers in memory and remembers which silo holds which attempt (persisted at most once per
/// <see cref="DispatcherOptions.AttemptsFlushInterval"/>), so that when membership declares a silo dead its attempts go back
/// to their owners at once, also after the dispatcher itself moved.
/// </summary>
public interface IDispatcherGrain : IGrainWithIntegerKey
{
    /// <summary>Ready tasks, from the grains that own them (<see cref="TaskOwners"/>).</summary>
    [OneWay]
    Task OfferAsync(IReadOnlyList<TaskOffer> offers);

    /// <summary>One task for the asking worker, leased by its owner; null when none fits now.</summary>
    Task<WorkGrant?> RequestWorkAsync(WorkRequest request);

    /// <summary>
    /// An attempt ended (committed, or <paramref name="failed"/>): forget which silo held it. A failure counts against
    /// the silo on the job; at <see cref="Leasing.LeaseOptions.BlocklistAfterFailures"/> the silo gets none of the job's
    /// tasks until the job is resumed (<see cref="Leasing.Blocklist"/>).
    /// </summary>
    [OneWay]
    Task ReleasedAsync(LeaseToken token, bool failed = false);

    /// <summary>
    /// A job stopped (cancelled, failed, succeeded) in its run <paramref name="run"/> (<see cref="JobGrainState.Run"/>): drop its
    /// offers and attempts and forget it. Ignored when a later message of the job was applied (<see cref="Coordination.JobRunStamp"/>):
    /// a late "stopped" of run r must not drop run r + 1.
    /// </summary>
    Task JobStoppedAsync(JobId job, int run);

    /// <summary>
    /// A job runs, in its run <paramref name="run"/>: its owners' offers are wanted, also after the dispatcher moves to another
    /// silo. Ignored when a later message of the job was applied ("stopped" of the same run, or any of a later run).
    /// </summary>
    Task JobStartedAsync(JobId job, int run);

    /// <summary>
    /// Membership declared the silo at <paramref name="siloAddress"/> (address and generation, so a silo restarted
    /// under its name is another) dead: every attempt it held goes back to its owner, to be offered again.
    /// Idempotent (every silo reports every death).
    /// </summary>
    Task SiloDiedAsync(string siloAddress);

    /// <summary>The attempts of <paramref name="job"/> out now, in task order: which silo runs which task, since when (the task list's live part).</summary>
    [ReadOnly]
    Task<IReadOnlyList<HeldAttempt>> RunningAsync(JobId job);

    /// <summary>How many offers wait and how many attempts are out (for status and the bench).</summary>
    Task<(int Waiting, int Running)> CountsAsync();
}
