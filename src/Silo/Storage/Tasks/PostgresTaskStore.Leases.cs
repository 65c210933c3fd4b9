using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Signals;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class PostgresTaskStore
{
    // One statement: LeaseEligibility filters, LeaseOrder picks (cached segments first, then longest
    // first), SKIP LOCKED passes over rows another worker is claiming right now, LeaseTransitions.Grant writes.
    private static readonly string Lease = $"""
        UPDATE tasks AS t
        SET state = 'Leased', updated_at = @now, not_before = NULL,
            lease_token = @token, lease_silo = @silo, lease_acquired_at = @now, lease_expires_at = @expires_at
        WHERE (t.job_id, t.task_key) = (
            SELECT c.job_id, c.task_key FROM tasks AS c JOIN jobs AS j ON j.id = c.job_id
            WHERE {TaskSql.Eligible}
            ORDER BY (c.kind IN ({TaskSql.SegmentKinds}) AND (c.job_id, c.shot, c.segment) IN (SELECT * FROM unnest(@cached_jobs, @cached_shots, @cached_segments))) DESC,
                     {TaskSql.LongestFirst}
            LIMIT 1
            FOR UPDATE OF c SKIP LOCKED)
          AND t.state = 'Ready'
        RETURNING {TaskSql.Columns}
        """;

    private static readonly string Fail = FailWhile("");
    private static readonly string Expire = FailWhile("AND lease_expires_at = @observed");

    /// <summary>TaskFailure.ApplyTo and one failure of the silo on the job, in one statement, while the lease (and <paramref name="condition"/>) holds.</summary>
    private static string FailWhile(string condition) => $"""
        WITH failed AS (
            UPDATE tasks
            SET state = @next, attempts = @attempts, not_before = @not_before, updated_at = @at, last_error = @error, {TaskSql.ClearLease}
            WHERE job_id = @job AND task_key = @key AND state = 'Leased' AND lease_token = @token {condition}
            RETURNING job_id)
        INSERT INTO silo_failures (job_id, silo_id, failures)
        SELECT job_id, @silo, 1 FROM failed
        ON CONFLICT (job_id, silo_id) DO UPDATE SET failures = silo_failures.failures + 1
        """;

    /// <inheritdoc />
    public async Task<TaskRecord?> TryLeaseAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        var cached = request.CachedSegments.ToList();
        return (await QueryAsync(Lease, PostgresRows.Task, cancellationToken,
            ("now", PostgresRows.Time(request.Now)), ("expires_at", PostgresRows.Time(request.ExpiresAt)),
            ("token", request.Token.Value), ("silo", request.Silo.Value),
            ("gpus", request.Capabilities.Gpus), ("gpu_memory_bytes", request.Capabilities.GpuMemoryBytes),
            ("memory_bytes", request.Capabilities.MemoryBytes), ("blocklist_after", request.BlocklistAfterFailures),
            ("cached_jobs", cached.Select(s => s.Job.Value).ToArray()), ("cached_shots", cached.Select(s => s.Shot).ToArray()),
            ("cached_segments", cached.Select(s => s.Segment).ToArray()))).SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(LeaseToken token, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE tasks SET lease_expires_at = @expires_at WHERE lease_token = @token AND state = 'Leased'", cancellationToken,
            ("token", token.Value), ("expires_at", PostgresRows.Time(expiresAt))) == 1;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A plan came with a task that is not a plan task, or a plan task came without one.</exception>
    public async Task<bool> CommitAsync(LeaseToken token, DateTimeOffset now, JobPlan? plan, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        TaskId id;
        await using (var find = Command(connection, transaction, "SELECT job_id, task_key FROM tasks WHERE lease_token = @token AND state = 'Leased' FOR UPDATE", ("token", token.Value)))
        {
            var held = (await ReadAllAsync(find, r => (Job: r.GetGuid(0), Key: r.GetString(1)), cancellationToken)).SingleOrDefault();
            if (held.Key is null) return false;
            id = TaskId.Parse(new JobId(held.Job), held.Key);
        }
        TaskRows.CheckPlan(id, plan);
        await using (var commit = Command(connection, transaction, $"UPDATE tasks SET state = 'Succeeded', updated_at = @now, {TaskSql.ClearLease} WHERE job_id = @job AND task_key = @key",
                         ("job", id.Job.Value), ("key", id.Key), ("now", PostgresRows.Time(now))))
            await commit.ExecuteNonQueryAsync(cancellationToken);
        if (plan is not null)
        {
            await using var store = Command(connection, transaction, "UPDATE jobs SET plan = @plan WHERE id = @job", ("job", id.Job.Value));
            store.Parameters.Add(new Npgsql.NpgsqlParameter("plan", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = StoredDocuments.WritePlan(plan) });
            await store.ExecuteNonQueryAsync(cancellationToken);
        }
        // The coordinator promotes the task's successors: wake it now rather than at its next round (delivered at commit).
        await using (var wake = Command(connection, transaction, $"SELECT pg_notify('{PostgresNotificationListener.JobsChannel}', @job::text)", ("job", id.Job.Value)))
            await wake.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public Task<bool> FailAsync(TaskFailure failure, CancellationToken cancellationToken) => ApplyFailureAsync(failure, null, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> ListLeasedAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {TaskSql.Columns} FROM tasks AS c WHERE c.state = 'Leased' ORDER BY {TaskSql.IdOrder("c")}", PostgresRows.Task, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExpireAsync(TaskFailure failure, DateTimeOffset observedExpiry, CancellationToken cancellationToken) =>
        ApplyFailureAsync(failure, observedExpiry, cancellationToken);

    /// <inheritdoc />
    public async Task<SignalListener> ListenForWorkAsync(CancellationToken cancellationToken)
    {
        // Attach first, then make sure LISTEN is in place: nothing notified after this returns is missed.
        var listener = _notifications.Work.Listen();
        try
        {
            await _notifications.EnsureListeningAsync(cancellationToken);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task<bool> ApplyFailureAsync(TaskFailure failure, DateTimeOffset? observedExpiry, CancellationToken cancellationToken)
    {
        TaskStateMachine.Move(TaskState.Leased, failure.NextState);
        return await ExecuteAsync(observedExpiry is null ? Fail : Expire, cancellationToken,
            ("job", failure.Task.Job.Value), ("key", failure.Task.Key), ("token", failure.Token.Value), ("silo", failure.Silo.Value),
            ("next", StoredEnum.Write(failure.NextState)), ("attempts", failure.Attempts), ("not_before", PostgresRows.Time(failure.NotBefore)),
            ("at", PostgresRows.Time(failure.At)), ("error", failure.Error), ("observed", PostgresRows.Time(observedExpiry))) == 1;
    }
}
