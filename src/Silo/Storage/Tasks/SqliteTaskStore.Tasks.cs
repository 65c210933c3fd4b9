using Microsoft.Data.Sqlite;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class SqliteTaskStore
{
    private static readonly string InsertTask =
        $"INSERT INTO tasks ({TaskSql.InsertColumns}) VALUES ({string.Join(", ", TaskSql.InsertColumns.Split(", ").Select(c => "@" + c))}) " +
        "ON CONFLICT (job_id, task_key) DO NOTHING";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A task depends on a task of another job.</exception>
    /// <exception cref="InvalidOperationException">A task's job is not stored.</exception>
    public async Task<int> InsertTasksAsync(IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        var rows = tasks.Select(SqliteRows.TaskParameters).ToList();
        int inserted;
        try
        {
            inserted = await WriteAsync(async (c, t) =>
            {
                var count = 0;
                foreach (var row in rows)
                {
                    using var command = Command(c, t, InsertTask, row);
                    count += await command.ExecuteNonQueryAsync(cancellationToken);
                }
                return count;
            }, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ForeignKeyViolation)
        {
            var jobs = string.Join(", ", tasks.Select(t => t.Id.Job).Distinct());
            throw new InvalidOperationException($"tasks of job {jobs} cannot be stored: the job does not exist; insert the job first", e);
        }
        if (tasks.Any(t => t.State == TaskState.Ready)) _work.Raise();
        return inserted;
    }

    /// <inheritdoc />
    public async Task<TaskRecord?> GetTaskAsync(TaskId id, CancellationToken cancellationToken) =>
        (await ReadAsync((c, t) => QueryAsync(c, t, $"SELECT {TaskSql.Columns} FROM tasks WHERE job_id = @job AND task_key = @key",
            SqliteRows.Task, cancellationToken, ("@job", SqliteRows.Id(id.Job)), ("@key", id.Key)), cancellationToken)).SingleOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> ListTasksAsync(JobId job, CancellationToken cancellationToken) =>
        await ReadAsync((c, t) => QueryAsync(c, t, $"SELECT {TaskSql.Columns} FROM tasks AS c WHERE c.job_id = @job ORDER BY {TaskSql.IdOrder("c")}",
            SqliteRows.Task, cancellationToken, ("@job", SqliteRows.Id(job))), cancellationToken);

    /// <inheritdoc />
    public async Task<int> PromoteReadyAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // TaskReadiness: every dependency exists and has Succeeded.
        var promoted = await WriteAsync((c, t) => ExecuteAsync(c, t, """
            UPDATE tasks AS t SET state = 'Ready', updated_at = @now
            WHERE t.job_id = @job AND t.state = 'Blocked'
              AND NOT EXISTS (
                  SELECT 1 FROM json_each(t.dependencies) AS d
                  LEFT JOIN tasks AS x ON x.job_id = t.job_id AND x.task_key = d.value
                  WHERE x.state IS NULL OR x.state <> 'Succeeded')
            """, cancellationToken, ("@job", SqliteRows.Id(job)), ("@now", StoredTime.Write(now))), cancellationToken);
        if (promoted > 0) _work.Raise();
        return promoted;
    }

    /// <inheritdoc />
    public async Task<TaskProgress> GetProgressAsync(JobId job, CancellationToken cancellationToken) =>
        ProgressRow.Sum(job, await ReadAsync((c, t) => QueryAsync(c, t, TaskSql.Progress,
            r => new ProgressRow(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? 0 : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4)),
            cancellationToken, ("@job", SqliteRows.Id(job))), cancellationToken));

    /// <inheritdoc />
    public Task<int> CancelTasksAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => ExecuteAsync(c, t,
            $"UPDATE tasks SET state = 'Cancelled', updated_at = @now, not_before = NULL, {TaskSql.ClearLease} WHERE job_id = @job AND state IN ({TaskSql.CancellableStates})",
            cancellationToken, ("@job", SqliteRows.Id(job)), ("@now", StoredTime.Write(now))), cancellationToken);

    /// <inheritdoc />
    public Task<int> ResetTasksAsync(JobId job, TaskResetScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var states = TaskSql.ResettableStates(scope);
        return WriteAsync((c, t) => ExecuteAsync(c, t,
            $"UPDATE tasks SET state = 'Blocked', updated_at = @now, attempts = 0, not_before = NULL, {TaskSql.ClearLease}, last_error = NULL WHERE job_id = @job AND state IN ({states})",
            cancellationToken, ("@job", SqliteRows.Id(job)), ("@now", StoredTime.Write(now))), cancellationToken);
    }

    /// <inheritdoc />
    public async Task ClearSiloFailuresAsync(JobId job, CancellationToken cancellationToken)
    {
        await WriteAsync((c, t) => ExecuteAsync(c, t, "DELETE FROM silo_failures WHERE job_id = @job", cancellationToken, ("@job", SqliteRows.Id(job))), cancellationToken);
        _work.Raise();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<SiloId, int>> ListSiloFailuresAsync(JobId job, CancellationToken cancellationToken) =>
        (await ReadAsync((c, t) => QueryAsync(c, t, "SELECT silo_id, failures FROM silo_failures WHERE job_id = @job",
            r => (Silo: new SiloId(r.GetString(0)), Failures: r.GetInt32(1)), cancellationToken, ("@job", SqliteRows.Id(job))), cancellationToken))
        .ToDictionary(r => r.Silo, r => r.Failures);
}
