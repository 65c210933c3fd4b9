namespace StyleFarm.Grains.Tasks;

/// <summary>
/// The promotion rule: a Blocked task becomes Ready when every one of its dependencies has Succeeded
/// (a task without dependencies is ready at once). A dependency that is missing, failed or cancelled
/// keeps it Blocked. A SQL store does the same in one UPDATE … WHERE NOT EXISTS (unfinished dependency).
/// </summary>
public static class TaskReadiness
{
    /// <summary>Whether <paramref name="task"/> should be promoted, given the states of the tasks of its job.</summary>
    /// <param name="task">The task to judge.</param>
    /// <param name="stateOf">The state of a task of the same job, or null when there is no such task.</param>
    public static bool ShouldPromote(TaskRecord task, Func<TaskId, TaskState?> stateOf) =>
        task.State == TaskState.Blocked && task.Spec.Dependencies.All(d => stateOf(d) == TaskState.Succeeded);
}
