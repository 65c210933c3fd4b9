namespace StyleFarm.Grains.Tasks;

/// <summary>How many tasks of a job are in each state, and the earliest failure if any.</summary>
public sealed record TaskProgress(
    int Blocked,
    int Ready,
    int Leased,
    int Succeeded,
    int Failed,
    int Cancelled,
    TaskFailureSummary? FirstFailure)
{
    /// <summary>All tasks of the job.</summary>
    public int Total => Blocked + Ready + Leased + Succeeded + Failed + Cancelled;

    /// <summary>
    /// Counts <paramref name="tasks"/> (all of one job). The first failure is the Failed task updated
    /// earliest, ties broken by id.
    /// </summary>
    public static TaskProgress Of(IEnumerable<TaskRecord> tasks)
    {
        Span<int> counts = stackalloc int[6];
        TaskRecord? first = null;
        foreach (var t in tasks)
        {
            counts[(int)t.State]++;
            if (t.State == TaskState.Failed
                && (first is null || t.UpdatedAt < first.UpdatedAt || (t.UpdatedAt == first.UpdatedAt && t.Id.CompareTo(first.Id) < 0)))
                first = t;
        }
        var failure = first is null ? null : new TaskFailureSummary(first.Id, first.Attempts, first.LastError ?? "no error was recorded", first.Permanent);
        return new TaskProgress(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], failure);
    }
}
