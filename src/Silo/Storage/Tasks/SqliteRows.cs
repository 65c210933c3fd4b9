using System.Text.Json;
using Microsoft.Data.Sqlite;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>How the SQLite store writes values and reads rows back into domain records.</summary>
internal static class SqliteRows
{
    /// <summary>The columns <see cref="Job"/> reads, in order.</summary>
    public const string JobColumns = "id, spec, state, submitted_at, updated_at, plan, error";

    /// <summary>The columns <see cref="Silo"/> reads, in order.</summary>
    public const string SiloColumns = "id, gpus, gpu_memory_bytes, memory_bytes, started_at, last_heartbeat";

    public static string Id(JobId job) => job.ToString();

    public static string Token(LeaseToken token) => token.ToString();

    public static JobId ReadJobId(string text) =>
        Guid.TryParseExact(text, "N", out var guid) ? new JobId(guid) : throw new InvalidDataException($"job id '{text}' is not 32 hex digits: the row was not written by this store");

    public static Job Job(SqliteDataReader r)
    {
        var id = ReadJobId(r.GetString(0));
        return new Job(
            id,
            StoredDocuments.ReadSpec(r.GetString(1), id),
            StoredEnum.Read<JobState>(r.GetString(2), "jobs.state"),
            StoredTime.Read(r.GetString(3), "jobs.submitted_at"),
            StoredTime.Read(r.GetString(4), "jobs.updated_at"),
            r.IsDBNull(5) ? null : StoredDocuments.ReadPlan(r.GetString(5), id),
            r.IsDBNull(6) ? null : r.GetString(6));
    }

    /// <summary>A row of <see cref="TaskSql.Columns"/>.</summary>
    public static TaskRecord Task(SqliteDataReader r)
    {
        var job = ReadJobId(r.GetString(0));
        var key = r.GetString(1);
        var id = TaskId.Parse(job, key);
        var dependencies = JsonSerializer.Deserialize<string[]>(r.GetString(4))
            ?? throw new InvalidDataException($"task {id} has no dependency list");
        var spec = new TaskSpec(
            id,
            r.IsDBNull(2) ? null : StoredDocuments.ReadSegment(r.GetString(2), id.ToString()),
            StoredEnum.Read<PassDirection>(r.GetString(3), "tasks.direction"),
            dependencies.Select(d => TaskId.Parse(job, d)).ToList(),
            new TaskRequirements(r.GetInt64(5) != 0, r.GetInt64(6)),
            r.GetInt64(7),
            r.GetInt64(8));
        var lease = r.IsDBNull(13)
            ? null
            : new LeaseInfo(
                new LeaseToken(Guid.ParseExact(r.GetString(13), "N")),
                new SiloId(r.GetString(14)),
                StoredTime.Read(r.GetString(15), "tasks.lease_acquired_at"),
                StoredTime.Read(r.GetString(16), "tasks.lease_expires_at"));
        return new TaskRecord(
            spec,
            StoredEnum.Read<TaskState>(r.GetString(9), "tasks.state"),
            r.GetInt32(10),
            StoredTime.Read(r.GetString(11), "tasks.updated_at"),
            r.IsDBNull(12) ? null : StoredTime.Read(r.GetString(12), "tasks.not_before"),
            lease,
            r.IsDBNull(17) ? null : r.GetString(17));
    }

    /// <summary>The parameters of an insert of <paramref name="task"/> (<see cref="TaskSql.InsertColumns"/>).</summary>
    public static (string Name, object? Value)[] TaskParameters(TaskRecord task)
    {
        var spec = task.Spec;
        var dependencies = TaskRows.DependencyKeys(spec);
        return
        [
            ("@job_id", Id(spec.Job)),
            ("@task_key", spec.Id.Key),
            ("@kind", StoredEnum.Write(spec.Kind)),
            ("@shot", spec.Id.Shot),
            ("@segment", spec.Id.Segment),
            ("@pass", spec.Id.Pass),
            ("@segment_frames", spec.Segment is null ? null : StoredDocuments.WriteSegment(spec.Segment)),
            ("@direction", StoredEnum.Write(spec.Direction)),
            ("@dependencies", JsonSerializer.Serialize(dependencies)),
            ("@needs_gpu", spec.Requirements.NeedsGpu ? 1 : 0),
            ("@memory_bytes", spec.Requirements.MemoryBytes),
            ("@estimated_cost", spec.EstimatedCost),
            ("@critical_path", spec.CriticalPath),
            ("@state", StoredEnum.Write(task.State)),
            ("@attempts", task.Attempts),
            ("@updated_at", StoredTime.Write(task.UpdatedAt)),
            ("@not_before", StoredTime.Write(task.NotBefore)),
            ("@lease_token", task.Lease is null ? null : Token(task.Lease.Token)),
            ("@lease_silo", task.Lease?.Silo.Value),
            ("@lease_acquired_at", StoredTime.Write(task.Lease?.AcquiredAt)),
            ("@lease_expires_at", StoredTime.Write(task.Lease?.ExpiresAt)),
            ("@last_error", task.LastError),
        ];
    }

    public static SiloRecord Silo(SqliteDataReader r) => new(
        new SiloId(r.GetString(0)),
        new WorkerCapabilities(r.GetInt32(1), r.GetInt64(2), r.GetInt64(3)),
        StoredTime.Read(r.GetString(4), "silos.started_at"),
        StoredTime.Read(r.GetString(5), "silos.last_heartbeat"));

    public static JobEventRecord Event(SqliteDataReader r) => new(
        r.GetInt64(0),
        new JobEvent(ReadJobId(r.GetString(1)), StoredTime.Read(r.GetString(2), "job_events.at"), StoredEnum.Read<JobState>(r.GetString(3), "job_events.state"), r.GetString(4)));
}
