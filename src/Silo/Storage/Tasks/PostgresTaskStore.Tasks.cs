using Npgsql;
using NpgsqlTypes;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class PostgresTaskStore
{
    // Rows per insert statement: a film's graph (hundreds of thousands of tasks) goes in a few dozen round trips.
    private const int InsertBatch = 2000;

    private static readonly string InsertTasks = $"""
        INSERT INTO tasks ({TaskSql.InsertColumns})
        SELECT {TaskSql.InsertColumns} FROM jsonb_to_recordset(@rows) AS r(
            job_id uuid, task_key text, kind text, shot integer, segment integer, pass integer, segment_frames jsonb, direction text,
            dependencies text[], needs_gpu boolean, memory_bytes bigint, estimated_cost bigint, critical_path bigint, state text,
            attempts integer, updated_at timestamptz, not_before timestamptz, lease_token uuid, lease_silo text,
            lease_acquired_at timestamptz, lease_expires_at timestamptz, last_error text)
        ON CONFLICT (job_id, task_key) DO NOTHING
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A task depends on a task of another job.</exception>
    /// <exception cref="InvalidOperationException">A task's job is not stored.</exception>
    public async Task<int> InsertTasksAsync(IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        var batches = tasks.Chunk(InsertBatch).Select(PostgresRows.TaskRows).ToList();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = 0;
        try
        {
            foreach (var rows in batches)
            {
                await using var command = new NpgsqlCommand(InsertTasks, connection, transaction);
                command.Parameters.Add(new NpgsqlParameter("rows", NpgsqlDbType.Jsonb) { Value = rows });
                inserted += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            var jobs = string.Join(", ", tasks.Select(t => t.Id.Job).Distinct());
            throw new InvalidOperationException($"tasks of job {jobs} cannot be stored: the job does not exist; insert the job first", e);
        }
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <inheritdoc />
    public async Task<TaskRecord?> GetTaskAsync(TaskId id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {TaskSql.Columns} FROM tasks WHERE job_id = @job AND task_key = @key", PostgresRows.Task, cancellationToken,
            ("job", id.Job.Value), ("key", id.Key))).SingleOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> ListTasksAsync(JobId job, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {TaskSql.Columns} FROM tasks AS c WHERE c.job_id = @job ORDER BY {TaskSql.IdOrder("c")}", PostgresRows.Task, cancellationToken,
            ("job", job.Value));

    /// <inheritdoc />
    public Task<int> PromoteReadyAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken) =>
        // TaskReadiness: every dependency exists and has Succeeded.
        ExecuteAsync("""
            UPDATE tasks AS t SET state = 'Ready', updated_at = @now
            WHERE t.job_id = @job AND t.state = 'Blocked'
              AND NOT EXISTS (
                  SELECT 1 FROM unnest(t.dependencies) AS d(task_key)
                  LEFT JOIN tasks AS x ON x.job_id = t.job_id AND x.task_key = d.task_key
                  WHERE x.state IS DISTINCT FROM 'Succeeded')
            """, cancellationToken, ("job", job.Value), ("now", PostgresRows.Time(now)));

    /// <inheritdoc />
    public async Task<TaskProgress> GetProgressAsync(JobId job, CancellationToken cancellationToken) =>
        ProgressRow.Sum(job, await QueryAsync(TaskSql.Progress,
            r => new ProgressRow(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? 0 : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4)),
            cancellationToken, ("job", job.Value)));

    /// <inheritdoc />
    public Task<int> CancelTasksAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE tasks SET state = 'Cancelled', updated_at = @now, not_before = NULL, {TaskSql.ClearLease} WHERE job_id = @job AND state IN ({TaskSql.CancellableStates})",
            cancellationToken, ("job", job.Value), ("now", PostgresRows.Time(now)));

    /// <inheritdoc />
    public Task<int> ResetTasksAsync(JobId job, TaskResetScope scope, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE tasks SET state = 'Blocked', updated_at = @now, attempts = 0, not_before = NULL, {TaskSql.ClearLease}, last_error = NULL WHERE job_id = @job AND state IN ({TaskSql.ResettableStates(scope)})",
            cancellationToken, ("job", job.Value), ("now", PostgresRows.Time(now)));

    /// <inheritdoc />
    public Task ClearSiloFailuresAsync(JobId job, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM silo_failures WHERE job_id = @job", cancellationToken, ("job", job.Value));

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<SiloId, int>> ListSiloFailuresAsync(JobId job, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT silo_id, failures FROM silo_failures WHERE job_id = @job", r => (Silo: new SiloId(r.GetString(0)), Failures: r.GetInt32(1)),
            cancellationToken, ("job", job.Value)))
        .ToDictionary(r => r.Silo, r => r.Failures);
}
