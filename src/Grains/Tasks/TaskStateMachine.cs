using StyleFarm.Grains.StateMachines;

namespace StyleFarm.Grains.Tasks;

/// <summary>
/// The legal moves of a task:
/// <code>
/// Blocked   → Ready (dependencies succeeded) | Cancelled
/// Ready     → Leased | Blocked (reset) | Cancelled
/// Leased    → Succeeded | Ready (failed or expired, attempts left) | Failed (attempts used up) | Cancelled
/// Failed    → Blocked (resume, retry-failed)
/// Cancelled → Blocked (resume)
/// Succeeded → nothing (final: resume keeps it and its artifacts)
/// </code>
/// A reset always goes through Blocked; promotion then makes the task Ready when its dependencies
/// have succeeded, so a reset never has to know the state of the rest of the graph.
/// </summary>
public static class TaskStateMachine
{
    /// <summary>The transition table.</summary>
    public static StateMachine<TaskState> Table { get; } = new("task", new Dictionary<TaskState, TaskState[]>
    {
        [TaskState.Blocked] = [TaskState.Ready, TaskState.Cancelled],
        [TaskState.Ready] = [TaskState.Leased, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.Leased] = [TaskState.Succeeded, TaskState.Ready, TaskState.Failed, TaskState.Cancelled],
        [TaskState.Failed] = [TaskState.Blocked],
        [TaskState.Cancelled] = [TaskState.Blocked],
    });

    /// <summary>Whether <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(TaskState from, TaskState to) => Table.CanMove(from, to);

    /// <summary>Returns <paramref name="to"/> when legal.</summary>
    /// <exception cref="IllegalTransitionException">The move is illegal; the message names both states.</exception>
    public static TaskState Move(TaskState from, TaskState to) => Table.Move(from, to);
}
