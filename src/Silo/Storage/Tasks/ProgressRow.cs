using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>A row of <see cref="TaskSql.Progress"/>: a count of one state, or (with a key) the job's earliest failure.</summary>
internal readonly record struct ProgressRow(string State, long Count, string? Key, int Attempts, string? Error)
{
    /// <summary>The rows as <see cref="TaskProgress"/> (the same counts and failure as <see cref="TaskProgress.Of"/>).</summary>
    public static TaskProgress Sum(JobId job, IEnumerable<ProgressRow> rows)
    {
        var counts = new int[Enum.GetValues<TaskState>().Length];
        TaskFailureSummary? first = null;
        foreach (var row in rows)
        {
            if (row.Key is { } key)
                first = new TaskFailureSummary(TaskId.Parse(job, key), row.Attempts, row.Error ?? "no error was recorded");
            else
                counts[(int)StoredEnum.Read<TaskState>(row.State, "tasks.state")] = checked((int)row.Count);
        }
        return new TaskProgress(
            counts[(int)TaskState.Blocked], counts[(int)TaskState.Ready], counts[(int)TaskState.Leased],
            counts[(int)TaskState.Succeeded], counts[(int)TaskState.Failed], counts[(int)TaskState.Cancelled], first);
    }
}
