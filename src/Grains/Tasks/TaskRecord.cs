using StyleFarm.Grains.Leasing;

namespace StyleFarm.Grains.Tasks;

/// <summary>A task as the store holds it: its spec plus where it is. Immutable: changes are new records.</summary>
/// <param name="Spec">What the task is.</param>
/// <param name="State">Where it is.</param>
/// <param name="Attempts">Attempts that failed or expired since the task was created or last reset.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="NotBefore">A Ready task is not leased before this time (retry backoff); null: at once.</param>
/// <param name="Lease">The current lease while Leased; null otherwise.</param>
/// <param name="LastError">The error of the last failed attempt.</param>
public sealed record TaskRecord(
    TaskSpec Spec,
    TaskState State,
    int Attempts,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NotBefore = null,
    LeaseInfo? Lease = null,
    string? LastError = null)
{
    /// <summary>The task's id.</summary>
    public TaskId Id => Spec.Id;

    /// <summary>A new task, Blocked until promotion finds its dependencies succeeded.</summary>
    public static TaskRecord New(TaskSpec spec, DateTimeOffset now) => new(spec, TaskState.Blocked, 0, now);

    /// <summary>This task moved to <paramref name="state"/> at <paramref name="now"/>; throws if the move is illegal.</summary>
    /// <exception cref="StateMachines.IllegalTransitionException">The state machine forbids the move.</exception>
    public TaskRecord MoveTo(TaskState state, DateTimeOffset now) =>
        this with { State = TaskStateMachine.Move(State, state), UpdatedAt = now };
}
