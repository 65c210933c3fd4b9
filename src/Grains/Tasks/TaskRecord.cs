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
/// <param name="Silo">
/// The silo of its latest attempt: the one running it while Leased, the one that committed it once Succeeded, the one
/// whose attempt failed last otherwise; null before its first attempt and after a reset.
/// </param>
/// <param name="Permanent">Its last attempt failed with an error no retry can fix (a corrupt input), so it failed at once.</param>
/// <param name="StartedAt">When its latest attempt began, kept after it ended (a finished task ran from here to <see cref="UpdatedAt"/>); null before its first attempt and after a reset.</param>
public sealed record TaskRecord(
    TaskSpec Spec,
    TaskState State,
    int Attempts,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NotBefore = null,
    LeaseInfo? Lease = null,
    string? LastError = null,
    string? Silo = null,
    bool Permanent = false,
    DateTimeOffset? StartedAt = null)
{
    /// <summary>The task's id.</summary>
    public TaskId Id => Spec.Id;

    /// <summary>
    /// The attempts it made since it was created or last reset: the failed ones (<see cref="Attempts"/>) and the one
    /// running (Leased) or committed (Succeeded), as a Succeeded task is never reset.
    /// </summary>
    public int AttemptsMade => Attempts + (State is TaskState.Leased or TaskState.Succeeded ? 1 : 0);

    /// <summary>A new task, Blocked until promotion finds its dependencies succeeded.</summary>
    public static TaskRecord New(TaskSpec spec, DateTimeOffset now) => new(spec, TaskState.Blocked, 0, now);

    /// <summary>This task moved to <paramref name="state"/> at <paramref name="now"/>; throws if the move is illegal.</summary>
    /// <exception cref="StateMachines.IllegalTransitionException">The state machine forbids the move.</exception>
    public TaskRecord MoveTo(TaskState state, DateTimeOffset now) =>
        this with { State = TaskStateMachine.Move(State, state), UpdatedAt = now };
}
