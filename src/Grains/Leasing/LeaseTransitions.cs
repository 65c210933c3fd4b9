using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// What committing a lease does to a task record (a failure is <see cref="TaskFailure.ApplyTo"/>), and the test of
/// whether a token still holds a task, which fences every call an attempt makes. A commit checks the task is leased
/// under the token and throws <see cref="InvalidOperationException"/> otherwise.
/// </summary>
public static class LeaseTransitions
{
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
