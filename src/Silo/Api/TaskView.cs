using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Api;

/// <summary>
/// One task of a job as <c>GET /api/jobs/{id}/tasks</c> lists it: enough to draw the job's timeline. A
/// task's lease is visible only while it runs (the store clears it on commit), so a timeline is built by
/// polling: <see cref="LeasedAt"/> of a running task, then <see cref="UpdatedAt"/> once it succeeded.
/// </summary>
/// <param name="Key">The task's key within the job (<c>plan</c>, <c>flow/0000/0001</c>, <c>stylize/0000/0001/02</c>, <c>encode</c>).</param>
/// <param name="Kind">What it does.</param>
/// <param name="State">Where it is.</param>
/// <param name="Dependencies">Keys of the tasks that must succeed first.</param>
/// <param name="Attempts">Attempts that failed or expired.</param>
/// <param name="UpdatedAt">When its state last changed: for a Succeeded task, when it was committed.</param>
/// <param name="LeasedAt">When its current lease was granted; null unless Leased.</param>
/// <param name="Silo">The silo holding the lease; null unless Leased.</param>
/// <param name="LastError">The error of its last failed attempt; null if none failed.</param>
public sealed record TaskView(
    string Key,
    TaskKind Kind,
    TaskState State,
    IReadOnlyList<string> Dependencies,
    int Attempts,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LeasedAt,
    string? Silo,
    string? LastError)
{
    /// <summary>The view of <paramref name="task"/>.</summary>
    public static TaskView Of(TaskRecord task) =>
        new(task.Id.Key, task.Spec.Kind, task.State, task.Spec.Dependencies.Select(d => d.Key).ToList(), task.Attempts, task.UpdatedAt,
            task.Lease?.AcquiredAt, task.Lease?.Silo.Value, task.LastError);
}
