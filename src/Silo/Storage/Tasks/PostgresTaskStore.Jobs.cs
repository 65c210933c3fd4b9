using Npgsql;
using NpgsqlTypes;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Signals;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class PostgresTaskStore
{
    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A job with this id is stored already.</exception>
    public async Task InsertJobAsync(Job job, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "INSERT INTO jobs (id, spec, state, submitted_at, updated_at, plan, error) VALUES (@id, @spec, @state, @submitted_at, @updated_at, @plan, @error)",
            ("id", job.Id.Value), ("state", StoredEnum.Write(job.State)),
            ("submitted_at", PostgresRows.Time(job.SubmittedAt)), ("updated_at", PostgresRows.Time(job.UpdatedAt)), ("error", job.Error));
        command.Parameters.Add(new NpgsqlParameter("spec", NpgsqlDbType.Jsonb) { Value = StoredDocuments.WriteSpec(job.Spec) });
        command.Parameters.Add(new NpgsqlParameter("plan", NpgsqlDbType.Jsonb) { Value = job.Plan is null ? DBNull.Value : StoredDocuments.WritePlan(job.Plan) });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"job {job.Id} is stored already: a job id is used once; submit a new job", e);
        }
    }

    /// <inheritdoc />
    public async Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {PostgresRows.JobColumns} FROM jobs WHERE id = @id", PostgresRows.Job, cancellationToken, ("id", id.Value))).SingleOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {PostgresRows.JobColumns} FROM jobs WHERE state = ANY(@states) ORDER BY submitted_at, id", PostgresRows.Job, cancellationToken,
            ("states", states.Select(StoredEnum.Write).ToArray()));

    /// <inheritdoc />
    public async Task<bool> MoveJobAsync(JobId id, JobState expected, JobState next, DateTimeOffset at, string? error, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE jobs SET state = @next, updated_at = @at, error = @error WHERE id = @id AND state = @expected", cancellationToken,
            ("id", id.Value), ("expected", StoredEnum.Write(expected)), ("next", StoredEnum.Write(next)), ("at", PostgresRows.Time(at)), ("error", error)) == 1;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The event's job is not stored.</exception>
    public async Task AppendEventAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Sequences are handed out at insert but seen at commit; holding this lock to the commit keeps the two in the same order.
        await using (var lockEvents = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@ns, @id)", ("ns", PostgresLocks.Namespace), ("id", PostgresLocks.Events)))
            await lockEvents.ExecuteNonQueryAsync(cancellationToken);
        await using var insert = Command(connection, transaction, "INSERT INTO job_events (job_id, at, state, message) VALUES (@job, @at, @state, @message)",
            ("job", jobEvent.Job.Value), ("at", PostgresRows.Time(jobEvent.At)), ("state", StoredEnum.Write(jobEvent.State)), ("message", jobEvent.Message));
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new InvalidOperationException($"an event of job {jobEvent.Job} cannot be stored: the job does not exist; insert the job first", e);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobEventRecord>> ListEventsAsync(JobId? job, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        const string columns = "SELECT sequence, job_id, at, state, message FROM job_events";
        return job is { } j
            ? await QueryAsync($"{columns} WHERE sequence > @after AND job_id = @job ORDER BY sequence LIMIT @limit", PostgresRows.Event, cancellationToken,
                ("after", after), ("job", j.Value), ("limit", limit))
            : await QueryAsync($"{columns} WHERE sequence > @after ORDER BY sequence LIMIT @limit", PostgresRows.Event, cancellationToken,
                ("after", after), ("limit", limit));
    }

    /// <inheritdoc />
    public async Task<SignalListener> ListenForJobChangesAsync(CancellationToken cancellationToken)
    {
        // Attach first, then make sure LISTEN is in place: nothing notified after this returns is missed.
        var listener = _notifications.Jobs.Listen();
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
}
