using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Coordination;

/// <summary>
/// The resume rules. Succeeded tasks are never reset: they keep their state and their committed
/// artifacts (under deterministic keys), which is what makes resume cheap. Leased tasks are left to
/// finish or expire. Every other task in the scope goes back to Blocked with no attempts, no backoff,
/// no error, no lease and no silo; promotion then makes it Ready once its dependencies have succeeded.
/// </summary>
public static class TaskReset
{
    /// <summary>Whether a reset of <paramref name="scope"/> touches <paramref name="task"/>.</summary>
    public static bool Applies(TaskRecord task, TaskResetScope scope) => scope switch
    {
        TaskResetScope.AllUnfinished => task.State is TaskState.Blocked or TaskState.Ready or TaskState.Failed or TaskState.Cancelled,
        TaskResetScope.FailedOnly => task.State == TaskState.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "unknown reset scope"),
    };

    /// <summary><paramref name="task"/> put back in line at <paramref name="now"/>.</summary>
    /// <exception cref="StateMachines.IllegalTransitionException">The task is Succeeded or Leased.</exception>
    public static TaskRecord Apply(TaskRecord task, DateTimeOffset now)
    {
        var moved = task.State == TaskState.Blocked ? task with { UpdatedAt = now } : task.MoveTo(TaskState.Blocked, now);
        return moved with { Attempts = 0, NotBefore = null, Lease = null, LastError = null, Silo = null, Permanent = false, StartedAt = null };
    }
}
