using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>Which grain owns a task: the job grain its plan, encode and train tasks, the shot grain its segments' flow and stylize tasks.</summary>
public static class TaskOwners
{
    /// <summary>The owner of <paramref name="task"/>.</summary>
    public static ITaskOwnerGrain Of(IGrainFactory grains, TaskId task) => task.Kind is TaskKind.Plan or TaskKind.Encode or TaskKind.Train
        ? grains.GetGrain<IJobGrain>(task.Job.ToString())
        : grains.GetGrain<IShotGrain>(ShotKey.Of(task.Job, task.Shot));

    /// <summary>The dispatcher of the cluster.</summary>
    public static IDispatcherGrain Dispatcher(IGrainFactory grains) => grains.GetGrain<IDispatcherGrain>(0);
}
