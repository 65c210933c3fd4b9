using StyleFarm.Grains.StateMachines;

namespace StyleFarm.Grains.Jobs;

/// <summary>
/// The legal moves of a job:
/// <code>
/// Submitted → Planning | Cancelled
/// Planning  → Running | Failed | Cancelled
/// Running   → Succeeded | Failed | Cancelled
/// Failed    → Planning (resume, retry-failed) | Cancelled
/// Cancelled → Submitted | Planning (resume: Submitted when it was never planned)
/// Succeeded → nothing (final)
/// </code>
/// A resumed job goes back to Planning, whose step re-creates the task graph idempotently and then
/// moves on to Running, so one code path serves a fresh job and a resumed one.
/// </summary>
public static class JobStateMachine
{
    /// <summary>The transition table.</summary>
    public static StateMachine<JobState> Table { get; } = new("job", new Dictionary<JobState, JobState[]>
    {
        [JobState.Submitted] = [JobState.Planning, JobState.Cancelled],
        [JobState.Planning] = [JobState.Running, JobState.Failed, JobState.Cancelled],
        [JobState.Running] = [JobState.Succeeded, JobState.Failed, JobState.Cancelled],
        [JobState.Failed] = [JobState.Planning, JobState.Cancelled],
        [JobState.Cancelled] = [JobState.Submitted, JobState.Planning],
    });

    /// <summary>States the coordinator still advances.</summary>
    public static IReadOnlyList<JobState> Active { get; } = [JobState.Submitted, JobState.Planning, JobState.Running];

    /// <summary>States whose ready tasks workers may lease (the plan task runs while Planning).</summary>
    public static IReadOnlyList<JobState> Leasable { get; } = [JobState.Planning, JobState.Running];

    /// <summary>Whether <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(JobState from, JobState to) => Table.CanMove(from, to);

    /// <summary>Returns <paramref name="to"/> when legal.</summary>
    /// <exception cref="IllegalTransitionException">The move is illegal; the message names both states.</exception>
    public static JobState Move(JobState from, JobState to) => Table.Move(from, to);

    /// <summary>Whether workers may lease tasks of a job in <paramref name="state"/>.</summary>
    public static bool IsLeasable(JobState state) => state is JobState.Planning or JobState.Running;
}
