using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tasks;

/// <summary>
/// The immutable description of a task, fixed when the graph is built: what to run, on which frames,
/// after which tasks, on what kind of silo, and how expensive it is.
/// </summary>
/// <param name="Id">Deterministic id (job, kind, shot, segment, pass).</param>
/// <param name="Segment">The segment's frames for flow and stylize tasks; null for plan and encode.</param>
/// <param name="Direction">Sweep direction of a stylize pass; <see cref="PassDirection.None"/> otherwise.</param>
/// <param name="Dependencies">Tasks of the same job that must succeed first.</param>
/// <param name="Requirements">What the silo must have.</param>
/// <param name="EstimatedCost">frames × pixels × iterations (see <see cref="Planning.TaskGraphOptions"/>), in pixel-iterations.</param>
/// <param name="CriticalPath">
/// Cost of the longest chain of dependents from this task to the end of its job, its own cost
/// included (the "bottom level"): the lease priority, highest first (see <see cref="Scheduling.LongestFirst"/>).
/// </param>
public sealed record TaskSpec(
    TaskId Id,
    Segment? Segment,
    PassDirection Direction,
    IReadOnlyList<TaskId> Dependencies,
    TaskRequirements Requirements,
    long EstimatedCost,
    long CriticalPath)
{
    /// <summary>The job.</summary>
    public JobId Job => Id.Job;

    /// <summary>What the task does.</summary>
    public TaskKind Kind => Id.Kind;

    /// <summary>The pass (stylize only; 0 otherwise).</summary>
    public int Pass => Id.Pass;
}
