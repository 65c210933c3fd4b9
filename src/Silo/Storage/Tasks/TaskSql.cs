using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The SQL both dialects share: the task columns, and the domain's rules written as SQL. The state
/// lists are computed from the rules themselves (<see cref="JobStateMachine.IsLeasable"/>,
/// <see cref="TaskCancellation.Applies"/>, <see cref="TaskReset.Applies"/>), so the SQL cannot drift
/// from them; the conformance suite checks the rest against <see cref="LeaseEligibility"/> and <see cref="LeaseOrder"/>.
/// </summary>
internal static class TaskSql
{
    /// <summary>The columns every task query returns, in the order the row readers expect.</summary>
    public const string Columns =
        "job_id, task_key, segment_frames, direction, dependencies, needs_gpu, memory_bytes, estimated_cost, critical_path, " +
        "state, attempts, updated_at, not_before, lease_token, lease_silo, lease_acquired_at, lease_expires_at, last_error";

    /// <summary>The columns an insert writes (the read columns plus the id's parts).</summary>
    public const string InsertColumns =
        "job_id, task_key, kind, shot, segment, pass, segment_frames, direction, dependencies, needs_gpu, memory_bytes, estimated_cost, critical_path, " +
        "state, attempts, updated_at, not_before, lease_token, lease_silo, lease_acquired_at, lease_expires_at, last_error";

    /// <summary>The lease columns set to null (a task that is not Leased has no lease).</summary>
    public const string ClearLease = "lease_token = NULL, lease_silo = NULL, lease_acquired_at = NULL, lease_expires_at = NULL";

    /// <summary>Job states whose tasks may be leased, as a SQL list.</summary>
    public static readonly string LeasableJobStates = List(Enum.GetValues<JobState>().Where(JobStateMachine.IsLeasable));

    /// <summary>Task states a cancel changes, as a SQL list.</summary>
    public static readonly string CancellableStates = TaskStatesWhere(TaskCancellation.Applies);

    /// <summary>Task states a reset of <paramref name="scope"/> changes, as a SQL list.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scope.</exception>
    public static string ResettableStates(TaskResetScope scope) => TaskStatesWhere(t => TaskReset.Applies(t, scope));

    /// <summary>
    /// <see cref="LeaseEligibility"/> for candidate <c>c</c> joined with its job <c>j</c>, given parameters
    /// @now, @gpus, @gpu_memory_bytes, @memory_bytes, @silo and @blocklist_after.
    /// </summary>
    public static readonly string Eligible = $"""
        c.state = 'Ready'
          AND j.state IN ({LeasableJobStates})
          AND (c.not_before IS NULL OR c.not_before <= @now)
          AND CASE WHEN c.needs_gpu THEN @gpus > 0 AND c.memory_bytes <= @gpu_memory_bytes ELSE c.memory_bytes <= @memory_bytes END
          AND COALESCE((SELECT f.failures FROM silo_failures AS f WHERE f.job_id = c.job_id AND f.silo_id = @silo), 0) < @blocklist_after
        """;

    /// <summary>
    /// <see cref="Scheduling.LongestFirst"/> for candidate <c>c</c>: plan tasks, then critical path and
    /// cost, highest first, then the id. Follows the flow-cache preference in <see cref="LeaseOrder"/>.
    /// </summary>
    public static readonly string LongestFirst = $"c.kind = 'Plan' DESC, c.critical_path DESC, c.estimated_cost DESC, {IdOrder("c")}";

    /// <summary>The kinds whose tasks name a segment (<see cref="TaskId.SegmentRef"/>), as a SQL list.</summary>
    public static readonly string SegmentKinds = List(new[] { TaskKind.Flow, TaskKind.Stylize });

    /// <summary><see cref="TaskId"/>'s order (job, kind, shot, segment, pass) for the task table under <paramref name="alias"/>.</summary>
    public static string IdOrder(string alias) =>
        $"{alias}.job_id, {KindRank(alias)}, {alias}.shot, {alias}.segment, {alias}.pass";

    /// <summary>The kind's place in <see cref="TaskKind"/>'s order (kinds are stored by name).</summary>
    public static string KindRank(string alias) =>
        "CASE " + alias + ".kind " + string.Join(" ", Enum.GetValues<TaskKind>().Select(k => $"WHEN '{k}' THEN {(int)k}")) + " END";

    /// <summary>
    /// The job's counts by state and its earliest failure (<see cref="TaskProgress.Of"/>) in one
    /// statement, so both come from one snapshot. Rows: (state, count, null, null, null), and at most
    /// one ('first_failure', 0, task_key, attempts, last_error).
    /// </summary>
    public static readonly string Progress = $"""
        SELECT state, count(*) AS n, NULL AS task_key, NULL AS attempts, NULL AS last_error FROM tasks WHERE job_id = @job GROUP BY state
        UNION ALL
        SELECT * FROM (
            SELECT 'first_failure' AS state, 0 AS n, c.task_key, c.attempts, c.last_error FROM tasks AS c
            WHERE c.job_id = @job AND c.state = 'Failed'
            ORDER BY c.updated_at, {IdOrder("c")}
            LIMIT 1) AS first_failure
        """;

    private static string TaskStatesWhere(Func<TaskRecord, bool> rule)
    {
        var probe = TaskRecord.New(new TaskSpec(TaskId.Plan(default), null, PassDirection.None, [], new TaskRequirements(false, 0), 0, 0), DateTimeOffset.UnixEpoch);
        return List(Enum.GetValues<TaskState>().Where(s => rule(probe with { State = s })));
    }

    private static string List<T>(IEnumerable<T> values) where T : struct, Enum =>
        string.Join(", ", values.Select(v => $"'{v}'"));
}
