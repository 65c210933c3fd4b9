using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Coordination;

/// <summary>
/// What the <see cref="Coordinator"/> needs from the store. Each operation is atomic on its own; the
/// coordinator orders them so that a crash between any two leaves a state its next step repairs
/// (inserts are idempotent, job moves are compare-and-set).
/// </summary>
public interface ICoordinatorStore
{
    /// <summary>Stores a new job.</summary>
    Task InsertJobAsync(Job job, CancellationToken cancellationToken);

    /// <summary>The job, or null when there is none with this id.</summary>
    Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken);

    /// <summary>The jobs in any of <paramref name="states"/>, oldest first.</summary>
    Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set of a job's state: when the stored state is <paramref name="expected"/>, sets
    /// state <paramref name="next"/>, updated time <paramref name="at"/> and error
    /// <paramref name="error"/>; spec, plan and submission time are never touched here.
    /// </summary>
    /// <returns>False when the stored state was not <paramref name="expected"/> (nothing was written).</returns>
    Task<bool> MoveJobAsync(JobId id, JobState expected, JobState next, DateTimeOffset at, string? error, CancellationToken cancellationToken);

    /// <summary>Appends a line to the job's history.</summary>
    Task AppendEventAsync(JobEvent jobEvent, CancellationToken cancellationToken);

    /// <summary>Inserts the tasks whose ids are not stored yet; stored ones are left exactly as they are.</summary>
    /// <returns>How many were inserted.</returns>
    Task<int> InsertTasksAsync(IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken);

    /// <summary>The task, or null when it is not stored.</summary>
    Task<TaskRecord?> GetTaskAsync(TaskId id, CancellationToken cancellationToken);

    /// <summary>
    /// Moves every Blocked task of <paramref name="job"/> whose dependencies have all Succeeded to Ready
    /// at <paramref name="now"/> (<see cref="TaskReadiness.ShouldPromote"/>).
    /// </summary>
    /// <returns>How many were promoted.</returns>
    Task<int> PromoteReadyAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts of the job's tasks by state, and its earliest failure (<see cref="TaskProgress.Of"/>).</summary>
    Task<TaskProgress> GetProgressAsync(JobId job, CancellationToken cancellationToken);

    /// <summary>Applies <see cref="TaskCancellation"/> to every task of the job it applies to.</summary>
    /// <returns>How many tasks were cancelled.</returns>
    Task<int> CancelTasksAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Applies <see cref="TaskReset"/> to every task of the job in <paramref name="scope"/>.</summary>
    /// <returns>How many tasks were reset.</returns>
    Task<int> ResetTasksAsync(JobId job, TaskResetScope scope, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets the silos' failure counts on the job, lifting its blocklist.</summary>
    Task ClearSiloFailuresAsync(JobId job, CancellationToken cancellationToken);
}
