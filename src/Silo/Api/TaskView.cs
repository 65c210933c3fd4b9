using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Api;

/// <summary>One task of a job in <c>GET /api/jobs/{id}/tasks</c>: what it is, where it is and which silo holds it.</summary>
/// <param name="Key">Its id within the job: plan, flow/SHOT/SEGMENT, stylize/SHOT/SEGMENT/PASS or encode.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Shot">The shot (0 for plan and encode).</param>
/// <param name="Segment">The segment within the shot (0 for plan and encode).</param>
/// <param name="Pass">The stylize pass, from 1 (0 for the other kinds).</param>
/// <param name="State">Where it is.</param>
/// <param name="Attempts">Attempts that failed or expired since it was created or last reset.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="Silo">The silo holding its lease; null unless Leased.</param>
/// <param name="LeaseExpiresAt">When that lease expires unless renewed; null unless Leased.</param>
/// <param name="LastError">The error of its last failed or expired attempt.</param>
public sealed record TaskView(
    string Key,
    TaskKind Kind,
    int Shot,
    int Segment,
    int Pass,
    TaskState State,
    int Attempts,
    DateTimeOffset UpdatedAt,
    string? Silo,
    DateTimeOffset? LeaseExpiresAt,
    string? LastError)
{
    /// <summary>The view of <paramref name="task"/>.</summary>
    public static TaskView Of(TaskRecord task) =>
        new(task.Id.Key, task.Id.Kind, task.Id.Shot, task.Id.Segment, task.Id.Pass, task.State, task.Attempts, task.UpdatedAt,
            task.Lease?.Silo.Value, task.Lease?.ExpiresAt, task.LastError);
}
