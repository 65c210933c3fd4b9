using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// What the tasks of the listed jobs say about each silo (what it runs, what it committed, where attempts failed)
/// and about the farm's throughput per minute. Pure: the records and the time in, the figures out.
/// </summary>
public static class FarmActivity
{
    /// <summary>A silo's share of the tasks.</summary>
    /// <param name="Current">The task it runs now (the one begun last, if several).</param>
    /// <param name="Done">Tasks it committed.</param>
    /// <param name="Failures">Tasks whose latest attempt failed on it.</param>
    public sealed record SiloWork(TaskRecord? Current, int Done, int Failures);

    /// <summary>Each silo's share of <paramref name="tasks"/>, by silo name.</summary>
    public static IReadOnlyDictionary<string, SiloWork> BySilo(IEnumerable<TaskRecord> tasks) =>
        tasks.Where(t => t.Silo is not null)
            .GroupBy(t => t.Silo!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new SiloWork(
                g.Where(t => t.State == TaskState.Leased).OrderByDescending(t => t.StartedAt).FirstOrDefault(),
                g.Count(t => t.State == TaskState.Succeeded),
                g.Count(t => t.LastError is not null && t.State != TaskState.Succeeded && t.State != TaskState.Leased)), StringComparer.Ordinal);

    /// <summary>
    /// Frames stylized per minute over the <paramref name="minutes"/> minutes before <paramref name="now"/>, oldest first:
    /// each succeeded stylize task counts its frames in the minute it committed.
    /// </summary>
    public static IReadOnlyList<int> FramesPerMinute(IEnumerable<TaskRecord> tasks, DateTimeOffset now, int minutes)
    {
        var bars = new int[minutes];
        foreach (var task in tasks)
        {
            if (task.State != TaskState.Succeeded || task.Id.Kind != TaskKind.Stylize) continue;
            var age = now - task.UpdatedAt;
            if (age < TimeSpan.Zero || age >= TimeSpan.FromMinutes(minutes)) continue;
            bars[minutes - 1 - (int)age.TotalMinutes] += JobProgress.FramesOf(task);
        }
        return bars;
    }
}
