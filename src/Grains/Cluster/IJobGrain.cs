using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

using Orleans.Concurrency;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// One job (key: its <see cref="JobId"/>): its spec, plan and life cycle, its plan and encode tasks, and which
/// of its shots have finished. The shots' own tasks live in their <see cref="IShotGrain"/>s.
/// </summary>
public interface IJobGrain : ITaskOwnerGrain
{
    /// <summary>Stores the job (Submitted) and starts planning it; the same spec again answers the job as it is.</summary>
    /// <exception cref="ArgumentException">The spec is invalid, or the job exists with another spec.</exception>
    Task<Job> SubmitAsync(JobSpec spec);

    /// <summary>The job, or null when none was submitted under this key.</summary>
    Task<Job?> GetAsync();

    /// <summary>Cancels the job: its unfinished tasks are Cancelled and running attempts can no longer commit.</summary>
    Task<Job> CancelAsync();

    /// <summary>Resumes a Failed or Cancelled job: succeeded tasks are kept, every other is reset and offered again.</summary>
    Task<Job> ResumeAsync();

    /// <summary>Retries a Failed job's failed tasks.</summary>
    Task<Job> RetryFailedAsync();

    /// <summary>The job's history.</summary>
    Task<IReadOnlyList<JobEvent>> EventsAsync();

    /// <summary>The job with its progress (tasks by state, frames done); null when none was submitted under this key.</summary>
    Task<JobStatus?> StatusAsync();

    /// <summary>The job's own tasks (plan, encode) and how many shots it has (their tasks: <see cref="ShotStateReader"/>); null when there is no job.</summary>
    Task<JobTasks?> TasksAsync();

    /// <summary>Counts of the job's tasks by state (its own and its shots', as they last reported).</summary>
    Task<TaskProgress> ProgressAsync();

    /// <summary>A shot reports its tasks' counts after a change; all succeeded means the shot is done.</summary>
    [OneWay]
    Task ShotChangedAsync(int shot, ShotProgress progress);
}
