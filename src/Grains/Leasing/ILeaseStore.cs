using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// What a worker needs from the task store. Every operation is one atomic step; the ones that take a
/// <see cref="LeaseToken"/> act only while the task is still leased under it and answer false when the
/// lease was lost (expired and taken back, or the job was cancelled): the worker then stops and
/// discards its work, which is safe because artifacts are written under deterministic keys.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Leases one task: among the tasks <see cref="LeaseEligibility"/> accepts for
    /// <paramref name="request"/>, the first in <see cref="LeaseOrder"/>, changed by
    /// <see cref="LeaseTransitions.Grant"/>. PostgreSQL: one <c>UPDATE … WHERE id = (SELECT … FOR UPDATE
    /// SKIP LOCKED LIMIT 1) RETURNING …</c>, so concurrent workers never take the same task.
    /// </summary>
    /// <returns>The leased task, or null when nothing is eligible.</returns>
    Task<TaskRecord?> TryLeaseAsync(LeaseRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The heartbeat: moves the lease's expiry to <paramref name="expiresAt"/>
    /// (<see cref="LeaseTransitions.Renew"/>). A renewal that arrives after the expiry time but before
    /// the sweeper took the lease back still succeeds.
    /// </summary>
    /// <returns>False when the lease is no longer held: stop the task.</returns>
    Task<bool> RenewAsync(LeaseToken token, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the task Succeeded (<see cref="LeaseTransitions.Commit"/>) after its artifacts are committed.
    /// For a plan task, <paramref name="plan"/> is stored on its job in the same step.
    /// </summary>
    /// <param name="token">The lease.</param>
    /// <param name="now">When the task finished.</param>
    /// <param name="plan">The plan a Plan task produced; null for every other kind.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when the lease is no longer held: the result is not recorded.</returns>
    Task<bool> CommitAsync(LeaseToken token, DateTimeOffset now, JobPlan? plan, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt decided by <see cref="RetryPolicy.OnFailure"/>: applies
    /// <see cref="TaskFailure.ApplyTo"/> and counts one failure of the silo on the task's job.
    /// </summary>
    /// <returns>False when the lease is no longer held.</returns>
    Task<bool> FailAsync(TaskFailure failure, CancellationToken cancellationToken);
}
