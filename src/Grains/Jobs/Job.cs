namespace StyleFarm.Grains.Jobs;

/// <summary>A job as the store holds it. Immutable: a change is a new record (<c>with</c>) written back.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Spec">What was asked for.</param>
/// <param name="State">Where it is; moves only as <see cref="JobStateMachine"/> allows.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="Plan">The plan task's result, once it has succeeded.</param>
/// <param name="Error">Why it failed (the failed task and its last error); null unless Failed.</param>
/// <param name="TraceParent">
/// The W3C traceparent of the span that submitted it, the parent of every task's span wherever the task runs; null when
/// the submitting silo traced nothing.
/// </param>
public sealed record Job(
    JobId Id,
    JobSpec Spec,
    JobState State,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    JobPlan? Plan = null,
    string? Error = null,
    string? TraceParent = null)
{
    /// <summary>This job moved to <paramref name="state"/> at <paramref name="now"/>; throws if the move is illegal.</summary>
    /// <exception cref="StateMachines.IllegalTransitionException">The state machine forbids the move.</exception>
    public Job MoveTo(JobState state, DateTimeOffset now, string? error = null) =>
        this with { State = JobStateMachine.Move(State, state), UpdatedAt = now, Error = error };
}
