using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Api;

/// <summary>
/// One task of a job as <c>GET /api/jobs/{id}/tasks</c> lists it: what it is, where it is, which silo
/// runs or ran it, enough to draw the job's timeline. When an attempt began is visible only while it runs (the owner
/// forgets it on commit), so a timeline is built by polling: <see cref="LeasedAt"/> of a running task,
/// then <see cref="UpdatedAt"/> once it succeeded.
/// </summary>
/// <param name="Key">Its id within the job: plan, flow/SHOT/SEGMENT, stylize/SHOT/SEGMENT/PASS or encode.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Shot">The shot (0 for plan and encode).</param>
/// <param name="Segment">The segment within the shot (0 for plan and encode).</param>
/// <param name="Pass">The stylize pass, from 1 (0 for the other kinds).</param>
/// <param name="State">Where it is.</param>
/// <param name="Dependencies">Keys of the tasks that must succeed first.</param>
/// <param name="Attempts">Attempts made since it was created or last reset: those that failed or whose silo died, and the one running or committed.</param>
/// <param name="UpdatedAt">When its state last changed: for a Succeeded task, when it was committed.</param>
/// <param name="LeasedAt">When its current attempt began; null unless Leased.</param>
/// <param name="Silo">The silo of its latest attempt: running it while Leased, that committed it once Succeeded, whose attempt failed last otherwise; null before its first attempt.</param>
/// <param name="StartedAt">When its latest attempt began, kept once it ended: a Succeeded or Failed task ran from here to <see cref="UpdatedAt"/>; null before its first attempt.</param>
/// <param name="LastError">The error of its last failed or expired attempt (a URL's query replaced by "?…"); null if none failed.</param>
public sealed record TaskView(
    string Key,
    TaskKind Kind,
    int Shot,
    int Segment,
    int Pass,
    TaskState State,
    IReadOnlyList<string> Dependencies,
    int Attempts,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LeasedAt,
    string? Silo,
    string? LastError,
    DateTimeOffset? StartedAt = null)
{
    /// <summary>The view of <paramref name="task"/>.</summary>
    public static TaskView Of(TaskRecord task) =>
        new(task.Id.Key, task.Id.Kind, task.Id.Shot, task.Id.Segment, task.Id.Pass, task.State, task.Spec.Dependencies.Select(d => d.Key).ToList(),
            task.AttemptsMade, task.UpdatedAt, task.Lease?.AcquiredAt, task.Lease?.Silo.Value ?? task.Silo, task.LastError is null ? null : MediaInput.Redact(task.LastError), task.StartedAt);
}
