using System.Text.Json;
using Microsoft.Data.Sqlite;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Signals;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class SqliteTaskStore
{
    // SQLite's extended result codes for a violated primary key and foreign key.
    private const int PrimaryKeyViolation = 1555;
    private const int ForeignKeyViolation = 787;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A job with this id is stored already.</exception>
    public async Task InsertJobAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync((c, t) => ExecuteAsync(c, t,
                "INSERT INTO jobs (id, spec, state, submitted_at, updated_at, plan, error) VALUES (@id, @spec, @state, @submitted_at, @updated_at, @plan, @error)",
                cancellationToken,
                ("@id", SqliteRows.Id(job.Id)), ("@spec", StoredDocuments.WriteSpec(job.Spec)), ("@state", StoredEnum.Write(job.State)),
                ("@submitted_at", StoredTime.Write(job.SubmittedAt)), ("@updated_at", StoredTime.Write(job.UpdatedAt)),
                ("@plan", job.Plan is null ? null : StoredDocuments.WritePlan(job.Plan)), ("@error", job.Error)), cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == PrimaryKeyViolation)
        {
            throw new InvalidOperationException($"job {job.Id} is stored already: a job id is used once; submit a new job", e);
        }
        _jobChanges.Raise();
        if (JobStateMachine.IsLeasable(job.State)) _work.Raise();
    }

    /// <inheritdoc />
    public async Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken) =>
        (await ReadAsync((c, t) => QueryAsync(c, t, $"SELECT {SqliteRows.JobColumns} FROM jobs WHERE id = @id", SqliteRows.Job, cancellationToken,
            ("@id", SqliteRows.Id(id))), cancellationToken)).SingleOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken) =>
        await ReadAsync((c, t) => QueryAsync(c, t,
            $"SELECT {SqliteRows.JobColumns} FROM jobs WHERE state IN (SELECT value FROM json_each(@states)) ORDER BY submitted_at, id",
            SqliteRows.Job, cancellationToken,
            ("@states", JsonSerializer.Serialize(states.Select(StoredEnum.Write).ToArray()))), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> MoveJobAsync(JobId id, JobState expected, JobState next, DateTimeOffset at, string? error, CancellationToken cancellationToken)
    {
        var moved = await WriteAsync((c, t) => ExecuteAsync(c, t,
            "UPDATE jobs SET state = @next, updated_at = @at, error = @error WHERE id = @id AND state = @expected",
            cancellationToken,
            ("@id", SqliteRows.Id(id)), ("@expected", StoredEnum.Write(expected)), ("@next", StoredEnum.Write(next)),
            ("@at", StoredTime.Write(at)), ("@error", error)), cancellationToken) == 1;
        if (moved)
        {
            _jobChanges.Raise();
            if (JobStateMachine.IsLeasable(next)) _work.Raise();
        }
        return moved;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The event's job is not stored.</exception>
    public async Task AppendEventAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync((c, t) => ExecuteAsync(c, t,
                "INSERT INTO job_events (job_id, at, state, message) VALUES (@job, @at, @state, @message)",
                cancellationToken,
                ("@job", SqliteRows.Id(jobEvent.Job)), ("@at", StoredTime.Write(jobEvent.At)), ("@state", StoredEnum.Write(jobEvent.State)),
                ("@message", jobEvent.Message)), cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ForeignKeyViolation)
        {
            throw new InvalidOperationException($"an event of job {jobEvent.Job} cannot be stored: the job does not exist; insert the job first", e);
        }
        _jobChanges.Raise();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobEventRecord>> ListEventsAsync(JobId? job, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await ReadAsync((c, t) => QueryAsync(c, t,
            "SELECT sequence, job_id, at, state, message FROM job_events WHERE sequence > @after AND (@job IS NULL OR job_id = @job) ORDER BY sequence LIMIT @limit",
            SqliteRows.Event, cancellationToken,
            ("@after", after), ("@job", job is { } j ? SqliteRows.Id(j) : null), ("@limit", limit)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SignalListener> ListenForJobChangesAsync(CancellationToken cancellationToken) => Task.FromResult(_jobChanges.Listen());
}
