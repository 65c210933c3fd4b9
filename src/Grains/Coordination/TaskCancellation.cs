using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Coordination;

/// <summary>
/// The cancel rule: every Blocked, Ready or Leased task of a cancelled job becomes Cancelled and loses
/// its lease, so the holder's next heartbeat or commit is refused and it stops. Succeeded and Failed
/// tasks stay as they are.
/// </summary>
public static class TaskCancellation
{
    /// <summary>Whether cancelling the job changes <paramref name="task"/>.</summary>
    public static bool Applies(TaskRecord task) => task.State is TaskState.Blocked or TaskState.Ready or TaskState.Leased;

    /// <summary><paramref name="task"/> cancelled at <paramref name="now"/>.</summary>
    public static TaskRecord Apply(TaskRecord task, DateTimeOffset now) =>
        task.MoveTo(TaskState.Cancelled, now) with { Lease = null, NotBefore = null };
}
