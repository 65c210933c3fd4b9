using System.Text.Json;
using Npgsql;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>How the PostgreSQL store writes values and reads rows back into domain records.</summary>
internal static class PostgresRows
{
    /// <summary>The columns <see cref="Job"/> reads, in order.</summary>
    public const string JobColumns = "id, spec, state, submitted_at, updated_at, plan, error";

    /// <summary>The columns <see cref="Silo"/> reads, in order.</summary>
    public const string SiloColumns = "id, gpus, gpu_memory_bytes, memory_bytes, started_at, last_heartbeat";

    /// <summary>A time as a timestamptz parameter: UTC (Npgsql refuses other offsets), to the microsecond.</summary>
    public static DateTimeOffset Time(DateTimeOffset value) => StoredTime.Truncate(value);

    /// <summary>A nullable time as a parameter value.</summary>
    public static object? Time(DateTimeOffset? value) => value is { } v ? StoredTime.Truncate(v) : null;

    public static Job Job(NpgsqlDataReader r)
    {
        var id = new JobId(r.GetGuid(0));
        return new Job(
            id,
            StoredDocuments.ReadSpec(r.GetString(1), id),
            StoredEnum.Read<JobState>(r.GetString(2), "jobs.state"),
            r.GetFieldValue<DateTimeOffset>(3),
            r.GetFieldValue<DateTimeOffset>(4),
            r.IsDBNull(5) ? null : StoredDocuments.ReadPlan(r.GetString(5), id),
            r.IsDBNull(6) ? null : r.GetString(6));
    }

    /// <summary>A row of <see cref="TaskSql.Columns"/>.</summary>
    public static TaskRecord Task(NpgsqlDataReader r)
    {
        var job = new JobId(r.GetGuid(0));
        var id = TaskId.Parse(job, r.GetString(1));
        var spec = new TaskSpec(
            id,
            r.IsDBNull(2) ? null : StoredDocuments.ReadSegment(r.GetString(2), id.ToString()),
            StoredEnum.Read<PassDirection>(r.GetString(3), "tasks.direction"),
            r.GetFieldValue<string[]>(4).Select(d => TaskId.Parse(job, d)).ToList(),
            new TaskRequirements(r.GetBoolean(5), r.GetInt64(6)),
            r.GetInt64(7),
            r.GetInt64(8));
        var lease = r.IsDBNull(13)
            ? null
            : new LeaseInfo(new LeaseToken(r.GetGuid(13)), new SiloId(r.GetString(14)), r.GetFieldValue<DateTimeOffset>(15), r.GetFieldValue<DateTimeOffset>(16));
        return new TaskRecord(
            spec,
            StoredEnum.Read<TaskState>(r.GetString(9), "tasks.state"),
            r.GetInt32(10),
            r.GetFieldValue<DateTimeOffset>(11),
            r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
            lease,
            r.IsDBNull(17) ? null : r.GetString(17));
    }

    /// <summary>
    /// <paramref name="tasks"/> as a JSON array of rows for <c>jsonb_to_recordset</c> (<see cref="TaskSql.InsertColumns"/>),
    /// so a whole batch is one parameter of one statement.
    /// </summary>
    public static string TaskRows(IEnumerable<TaskRecord> tasks) => JsonSerializer.Serialize(tasks.Select(task =>
    {
        var spec = task.Spec;
        return new
        {
            job_id = spec.Job.Value,
            task_key = spec.Id.Key,
            kind = StoredEnum.Write(spec.Kind),
            shot = spec.Id.Shot,
            segment = spec.Id.Segment,
            pass = spec.Id.Pass,
            segment_frames = spec.Segment is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(StoredDocuments.WriteSegment(spec.Segment)),
            direction = StoredEnum.Write(spec.Direction),
            dependencies = Tasks.TaskRows.DependencyKeys(spec),
            needs_gpu = spec.Requirements.NeedsGpu,
            memory_bytes = spec.Requirements.MemoryBytes,
            estimated_cost = spec.EstimatedCost,
            critical_path = spec.CriticalPath,
            state = StoredEnum.Write(task.State),
            attempts = task.Attempts,
            updated_at = StoredTime.Write(task.UpdatedAt),
            not_before = StoredTime.Write(task.NotBefore),
            lease_token = task.Lease?.Token.Value,
            lease_silo = task.Lease?.Silo.Value,
            lease_acquired_at = StoredTime.Write(task.Lease?.AcquiredAt),
            lease_expires_at = StoredTime.Write(task.Lease?.ExpiresAt),
            last_error = task.LastError,
        };
    }));

    public static SiloRecord Silo(NpgsqlDataReader r) => new(
        new SiloId(r.GetString(0)),
        new WorkerCapabilities(r.GetInt32(1), r.GetInt64(2), r.GetInt64(3)),
        r.GetFieldValue<DateTimeOffset>(4),
        r.GetFieldValue<DateTimeOffset>(5));

    public static JobEventRecord Event(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        new JobEvent(new JobId(r.GetGuid(1)), r.GetFieldValue<DateTimeOffset>(2), StoredEnum.Read<JobState>(r.GetString(3), "job_events.state"), r.GetString(4)));
}
