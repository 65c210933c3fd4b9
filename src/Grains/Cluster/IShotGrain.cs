using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// One shot of a job (key <see cref="ShotKey"/>): the flow and stylize tasks of its segments, their pass
/// dependencies (pass p of segment k after pass p − 1 of k − 1, k and k + 1) and their attempts. Its state is
/// its own tasks only, so no change rewrites a whole film's tasks.
/// </summary>
public interface IShotGrain : ITaskOwnerGrain
{
    /// <summary>Takes the shot's tasks from the job's graph in the job's run <paramref name="run"/> (once: a repeated call keeps what it has) and offers the ready ones.</summary>
    Task InitializeAsync(IReadOnlyList<TaskSpec> tasks, int run);

    /// <summary>The job was cancelled: every unfinished task is Cancelled and no attempt of it is accepted any more.</summary>
    Task CancelAsync();

    /// <summary>The job failed elsewhere: nothing more is offered or begun until it is resumed.</summary>
    Task HaltAsync();

    /// <summary>The job was resumed or its failed tasks retried, starting its run <paramref name="run"/>: <see cref="TaskReset"/> on the tasks in <paramref name="scope"/>, then ready ones are offered.</summary>
    Task ResetAsync(TaskResetScope scope, int run);

    /// <summary>Every task of the shot, in id order.</summary>
    Task<IReadOnlyList<TaskRecord>> TasksAsync();
}
