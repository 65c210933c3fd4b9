using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Silo.Worker;

/// <summary>What an executor gets: the leased task and its job as the store holds them.</summary>
/// <param name="Job">The task's job (its plan is set for every task but the plan task).</param>
/// <param name="Task">The leased task.</param>
/// <param name="Progress">Receives stylization progress, synchronously on the computing thread; null for none.</param>
public sealed record TaskContext(Job Job, TaskRecord Task, IProgress<RenderProgress>? Progress = null)
{
    /// <summary>The job's plan.</summary>
    /// <exception cref="InvalidOperationException">The job has no plan yet (only its plan task runs before it has one).</exception>
    public JobPlan Plan => Job.Plan
        ?? throw new InvalidOperationException($"job {Job.Id} has no plan, but task {Task.Id.Key} needs one: its plan task must succeed first");

    /// <summary>The task's segment.</summary>
    /// <exception cref="InvalidOperationException">The task is not a flow or stylize task.</exception>
    public Segment Segment => Task.Spec.Segment
        ?? throw new InvalidOperationException($"task {Task.Id} has no segment: only flow and stylize tasks work on one");
}
