using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// A grain that owns tasks and is the truth about them (the job grain: plan and encode; a shot grain: its
/// flow and stylize tasks). Every call that changes an attempt carries its token: a call with a token the
/// owner no longer holds (the attempt was abandoned when its silo was declared dead, the job was cancelled)
/// is refused, so a silo that comes back cannot commit late.
/// </summary>
public interface ITaskOwnerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Leases a Ready task to the silo named <paramref name="silo"/> (at <paramref name="siloAddress"/>) under
    /// <paramref name="token"/>; null when it is no longer Ready (or its job no longer runs).
    /// </summary>
    Task<TaskRecord?> BeginAsync(TaskId task, LeaseToken token, string silo, string siloAddress);

    /// <summary>Records how the attempt ended: commit (with the plan of a plan task) or failure. False when the token is no longer held.</summary>
    Task<bool> FinishAsync(AttemptResult result);

    /// <summary>Whether the attempt under <paramref name="token"/> still holds <paramref name="task"/> (a running worker asks now and then: false after a cancel or a takeback, and it stops).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> HoldsAsync(TaskId task, LeaseToken token);

    /// <summary>Takes the attempt back without a result (its silo was declared dead): the task is offered again at once. False when the token is no longer held.</summary>
    Task<bool> AbandonAsync(TaskId task, LeaseToken token, string reason);

    /// <summary>
    /// Offers the owner's Ready tasks to the dispatcher again and answers the attempts it holds out (after the
    /// dispatcher's activation moved and lost its memory).
    /// </summary>
    Task<IReadOnlyList<HeldAttempt>> ReofferAsync();
}
