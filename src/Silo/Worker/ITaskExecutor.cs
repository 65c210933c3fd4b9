using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// Runs one kind of task for the <see cref="Worker"/>. An executor writes every artifact of the task
/// (under deterministic keys, so a re-run overwrites them with the same bytes) before it returns; the
/// worker commits the task only after that. Throwing fails the attempt: the worker reports the
/// exception's message, and a <see cref="Execution.PermanentTaskException"/> fails the task (and its
/// job) at once instead of retrying. The token is cancelled when the lease is lost or the worker stops.
/// </summary>
public interface ITaskExecutor
{
    /// <summary>The kind of task this executor runs.</summary>
    TaskKind Kind { get; }

    /// <summary>Runs the task described by <paramref name="context"/>.</summary>
    Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken);
}
