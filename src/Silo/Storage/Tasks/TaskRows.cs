using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>Checks both stores apply to a task before it is written.</summary>
internal static class TaskRows
{
    /// <summary>
    /// The keys of <paramref name="spec"/>'s dependencies. A store keeps them as keys within the job,
    /// so a dependency on another job's task is refused.
    /// </summary>
    /// <exception cref="ArgumentException">A dependency belongs to another job.</exception>
    public static string[] DependencyKeys(TaskSpec spec)
    {
        var keys = new string[spec.Dependencies.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var dependency = spec.Dependencies[i];
            if (dependency.Job != spec.Job)
                throw new ArgumentException($"task {spec.Id} depends on {dependency}, a task of another job: dependencies are tasks of the same job", nameof(spec));
            keys[i] = dependency.Key;
        }
        return keys;
    }

    /// <summary>A plan comes with a plan task and with no other.</summary>
    /// <exception cref="ArgumentException">The plan and the task's kind do not go together.</exception>
    public static void CheckPlan(TaskId task, JobPlan? plan)
    {
        if ((task.Kind == TaskKind.Plan) != (plan is not null))
            throw new ArgumentException($"task {task} is a {task.Kind} task: a plan comes with a Plan task and with no other", nameof(plan));
    }
}
