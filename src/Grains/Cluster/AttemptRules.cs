using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// What beginning, finishing and abandoning an attempt do to a task record, for every owner grain: the
/// lease rules of <see cref="LeaseTransitions"/> and <see cref="RetryPolicy"/>, with the attempt token as
/// the lease's token and no expiry (membership, not a clock, decides that a holder is gone). A task offered again after
/// a failure counts in <c>stylefarm.tasks.retried</c> when <paramref name="metrics"/> is given.
/// </summary>
public sealed class AttemptRules(RetryPolicy retry, StyleFarmMetrics? metrics = null)
{
    /// <summary>The task leased under <paramref name="token"/> to <paramref name="silo"/> at <paramref name="now"/>.</summary>
    public static TaskRecord Begin(TaskRecord task, LeaseToken token, string silo, DateTimeOffset now) =>
        task.MoveTo(TaskState.Leased, now) with { Lease = new LeaseInfo(token, new SiloId(silo), now), NotBefore = null, Silo = silo, Permanent = false, StartedAt = now };

    /// <summary>Whether <paramref name="task"/> may begin now: Ready and past its backoff.</summary>
    public static bool CanBegin(TaskRecord task, DateTimeOffset now) =>
        task.State == TaskState.Ready && (task.NotBefore is null || task.NotBefore <= now);

    /// <summary>
    /// The task after its attempt ended with <paramref name="result"/>: Succeeded, or a failure decided by the retry
    /// policy (a permanent error fails it at once).
    /// </summary>
    public TaskRecord Finish(TaskRecord task, AttemptResult result, DateTimeOffset now)
    {
        if (result.Error is null) return LeaseTransitions.Commit(task, result.Token, now);
        var failure = retry.OnFailure(task, FailureCause.Error, result.Error, now);
        if (!result.Permanent) return Counted(failure.ApplyTo(task), "error");
        return (failure with { NextState = TaskState.Failed, NotBefore = null }).ApplyTo(task) with { Permanent = true };
    }

    /// <summary>
    /// The task after its silo was declared dead: the attempt counts, and the task is Ready again at once (the
    /// failure was the silo's, not the task's), or Failed when its attempts are used up.
    /// </summary>
    public TaskRecord Abandon(TaskRecord task, string reason, DateTimeOffset now)
    {
        var failure = retry.OnFailure(task, FailureCause.SiloDead, reason, now);
        return Counted(failure.ApplyTo(task) with { NotBefore = null }, "silo_dead");
    }

    // A failed attempt whose task goes back to Ready is a retry.
    private TaskRecord Counted(TaskRecord task, string cause)
    {
        if (task.State == TaskState.Ready) metrics?.TaskRetried(task.Spec.Kind, cause);
        return task;
    }

    /// <summary>The attempt out on a Leased <paramref name="task"/>, run by the silo at <paramref name="siloAddress"/>.</summary>
    public static HeldAttempt HeldOf(TaskRecord task, string siloAddress) => new()
    {
        Task = task.Id,
        Token = task.Lease!.Token,
        SiloAddress = siloAddress,
        Silo = task.Lease.Silo.Value,
        Since = task.Lease.AcquiredAt,
    };

    /// <summary>
    /// Whether a shot grain that moved takes back, Leased under its own token, <paramref name="attempt"/> on its
    /// <paramref name="stored"/> task: the dispatcher counts it out, but its list may be up to a flush interval old
    /// (<see cref="DispatcherOptions.AttemptsFlushInterval"/>), so the attempt may have ended since. Only a Ready task
    /// whose stored record shows no end of that attempt is taken back: a Leased task is stored Ready with its attempt's start
    /// as both <see cref="TaskRecord.StartedAt"/> and <see cref="TaskRecord.UpdatedAt"/>; an attempt that failed or was taken
    /// back left a later <see cref="TaskRecord.UpdatedAt"/>, one that committed left it Succeeded, and a later attempt a later
    /// start. Taking back an ended attempt would hold its task Leased for a worker that no longer runs it.
    /// </summary>
    public static bool Adopts(TaskRecord stored, HeldAttempt attempt) =>
        stored.State == TaskState.Ready && stored.StartedAt switch
        {
            null => true,
            { } started when started < attempt.Since => true,
            { } started => started == attempt.Since && stored.UpdatedAt == started,
        };

    /// <summary>The offer of a Ready task; <paramref name="lost"/>: its last attempt died with its silo.</summary>
    public static TaskOffer OfferOf(TaskRecord task, bool lost = false) => new() { Spec = task.Spec, NotBefore = task.NotBefore, Lost = lost };
}
