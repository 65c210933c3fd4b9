using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Worker;

/// <summary>How one leased task ended on this worker.</summary>
public enum TaskRunStatus
{
    /// <summary>It ran, its artifacts are written and the store marked it Succeeded.</summary>
    Committed,

    /// <summary>It threw; the store recorded the failed attempt (retry after a backoff, or Failed).</summary>
    Failed,

    /// <summary>The lease was lost (not renewed in time, taken back, or the job was cancelled): the work was stopped and discarded.</summary>
    LeaseLost,

    /// <summary>The worker was stopping: the work was abandoned and its lease left to expire.</summary>
    Stopped,
}

/// <summary>What happened to one task the worker leased.</summary>
/// <param name="Task">The task.</param>
/// <param name="Silo">The silo that ran it.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Elapsed">From lease to commit or failure.</param>
/// <param name="Error">The error reported for a failed attempt; null otherwise.</param>
/// <param name="Outcome">What a committed task handed back; null otherwise.</param>
public sealed record TaskRunResult(TaskId Task, SiloId Silo, TaskRunStatus Status, TimeSpan Elapsed, string? Error = null, TaskOutcome? Outcome = null);
