using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Signals;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class SqliteTaskStore
{
    // LeaseEligibility filters, LeaseOrder picks (cached segments first, then longest first), LeaseTransitions.Grant writes.
    private static readonly string Lease = $"""
        UPDATE tasks
        SET state = 'Leased', updated_at = @now, not_before = NULL,
            lease_token = @token, lease_silo = @silo, lease_acquired_at = @now, lease_expires_at = @expires_at
        WHERE rowid = (
            SELECT c.rowid FROM tasks AS c JOIN jobs AS j ON j.id = c.job_id
            WHERE {TaskSql.Eligible}
            ORDER BY (c.kind IN ({TaskSql.SegmentKinds}) AND c.job_id || '/' || c.shot || '/' || c.segment IN (SELECT value FROM json_each(@cached))) DESC,
                     {TaskSql.LongestFirst}
            LIMIT 1)
        RETURNING {TaskSql.Columns}
        """;

    private static readonly string Fail = $"""
        UPDATE tasks
        SET state = @next, attempts = @attempts, not_before = @not_before, updated_at = @at, last_error = @error, {TaskSql.ClearLease}
        WHERE job_id = @job AND task_key = @key AND state = 'Leased' AND lease_token = @token
        """;

    private const string CountFailure = """
        INSERT INTO silo_failures (job_id, silo_id, failures) VALUES (@job, @silo, 1)
        ON CONFLICT (job_id, silo_id) DO UPDATE SET failures = failures + 1
        """;

    /// <inheritdoc />
    public Task<TaskRecord?> TryLeaseAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        var cached = JsonSerializer.Serialize(request.CachedSegments
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{SqliteRows.Id(s.Job)}/{s.Shot}/{s.Segment}")).ToArray());
        return WriteAsync(async (c, t) => (await QueryAsync(c, t, Lease, SqliteRows.Task, cancellationToken,
            ("@now", StoredTime.Write(request.Now)), ("@expires_at", StoredTime.Write(request.ExpiresAt)),
            ("@token", SqliteRows.Token(request.Token)), ("@silo", request.Silo.Value),
            ("@gpus", request.Capabilities.Gpus), ("@gpu_memory_bytes", request.Capabilities.GpuMemoryBytes),
            ("@memory_bytes", request.Capabilities.MemoryBytes), ("@blocklist_after", request.BlocklistAfterFailures),
            ("@cached", cached))).SingleOrDefault(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(LeaseToken token, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await WriteAsync((c, t) => ExecuteAsync(c, t,
            "UPDATE tasks SET lease_expires_at = @expires_at WHERE lease_token = @token AND state = 'Leased'",
            cancellationToken, ("@token", SqliteRows.Token(token)), ("@expires_at", StoredTime.Write(expiresAt))), cancellationToken) == 1;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A plan came with a task that is not a plan task, or a plan task came without one.</exception>
    public async Task<bool> CommitAsync(LeaseToken token, DateTimeOffset now, JobPlan? plan, CancellationToken cancellationToken)
    {
        var committed = await WriteAsync(async (c, t) =>
        {
            var held = (await QueryAsync(c, t, "SELECT job_id, task_key FROM tasks WHERE lease_token = @token AND state = 'Leased'",
                r => (Job: r.GetString(0), Key: r.GetString(1)), cancellationToken, ("@token", SqliteRows.Token(token)))).SingleOrDefault();
            if (held.Key is null) return false;
            var id = TaskId.Parse(SqliteRows.ReadJobId(held.Job), held.Key);
            TaskRows.CheckPlan(id, plan);
            await ExecuteAsync(c, t, $"UPDATE tasks SET state = 'Succeeded', updated_at = @now, {TaskSql.ClearLease} WHERE job_id = @job AND task_key = @key",
                cancellationToken, ("@job", held.Job), ("@key", held.Key), ("@now", StoredTime.Write(now)));
            if (plan is not null)
                await ExecuteAsync(c, t, "UPDATE jobs SET plan = @plan WHERE id = @job", cancellationToken, ("@job", held.Job), ("@plan", StoredDocuments.WritePlan(plan)));
            return true;
        }, cancellationToken);
        // The coordinator promotes the task's successors: wake it now rather than at its next round.
        if (committed) _jobChanges.Raise();
        return committed;
    }

    /// <inheritdoc />
    public Task<bool> FailAsync(TaskFailure failure, CancellationToken cancellationToken) => ApplyFailureAsync(failure, null, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> ListLeasedAsync(CancellationToken cancellationToken) =>
        await ReadAsync((c, t) => QueryAsync(c, t, $"SELECT {TaskSql.Columns} FROM tasks AS c WHERE c.state = 'Leased' ORDER BY {TaskSql.IdOrder("c")}",
            SqliteRows.Task, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExpireAsync(TaskFailure failure, DateTimeOffset observedExpiry, CancellationToken cancellationToken) =>
        ApplyFailureAsync(failure, observedExpiry, cancellationToken);

    /// <inheritdoc />
    public Task<SignalListener> ListenForWorkAsync(CancellationToken cancellationToken) => Task.FromResult(_work.Listen());

    /// <summary>TaskFailure.ApplyTo and one failure of the silo on the job, while the lease (and, for an expiry, its observed expiry) still holds.</summary>
    private async Task<bool> ApplyFailureAsync(TaskFailure failure, DateTimeOffset? observedExpiry, CancellationToken cancellationToken)
    {
        TaskStateMachine.Move(TaskState.Leased, failure.NextState);
        var sql = observedExpiry is null ? Fail : Fail + " AND lease_expires_at = @observed";
        var job = SqliteRows.Id(failure.Task.Job);
        var applied = await WriteAsync(async (c, t) =>
        {
            var changed = await ExecuteAsync(c, t, sql, cancellationToken,
                ("@job", job), ("@key", failure.Task.Key), ("@token", SqliteRows.Token(failure.Token)),
                ("@next", StoredEnum.Write(failure.NextState)), ("@attempts", failure.Attempts), ("@not_before", StoredTime.Write(failure.NotBefore)),
                ("@at", StoredTime.Write(failure.At)), ("@error", failure.Error), ("@observed", StoredTime.Write(observedExpiry)));
            if (changed == 0) return false;
            await ExecuteAsync(c, t, CountFailure, cancellationToken, ("@job", job), ("@silo", failure.Silo.Value));
            return true;
        }, cancellationToken);
        if (applied && failure.NextState == TaskState.Ready) _work.Raise();
        return applied;
    }
}
