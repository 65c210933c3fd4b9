using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// What granting, renewing and committing a lease do to a task record, so every store changes the
/// same fields (a failure is <see cref="TaskFailure.ApplyTo"/>). Each checks the task is in the state
/// the step needs and throws <see cref="InvalidOperationException"/> otherwise; a store that finds the
/// lease no longer held answers "lost" instead of calling these.
/// </summary>
public static class LeaseTransitions
{
    /// <summary>Ready → Leased under the request's token, expiring at its <see cref="LeaseRequest.ExpiresAt"/>.</summary>
    public static TaskRecord Grant(TaskRecord task, LeaseRequest request) =>
        task.MoveTo(TaskState.Leased, request.Now) with
        {
            Lease = new LeaseInfo(request.Token, request.Silo, request.Now, request.ExpiresAt),
            NotBefore = null,
        };

    /// <summary>The same lease, now expiring at <paramref name="expiresAt"/>.</summary>
    public static TaskRecord Renew(TaskRecord task, LeaseToken token, DateTimeOffset expiresAt) =>
        task with { Lease = HeldLease(task, token) with { ExpiresAt = expiresAt } };

    /// <summary>Leased → Succeeded; the lease is released.</summary>
    public static TaskRecord Commit(TaskRecord task, LeaseToken token, DateTimeOffset now)
    {
        HeldLease(task, token);
        return task.MoveTo(TaskState.Succeeded, now) with { Lease = null };
    }

    /// <summary>Whether <paramref name="task"/> is leased under <paramref name="token"/>.</summary>
    public static bool IsHeldUnder(TaskRecord task, LeaseToken token) =>
        task.State == TaskState.Leased && task.Lease?.Token == token;

    private static LeaseInfo HeldLease(TaskRecord task, LeaseToken token) =>
        IsHeldUnder(task, token)
            ? task.Lease!
            : throw new InvalidOperationException($"task {task.Id} is {task.State} and not leased under {token}: the lease was lost");
}
