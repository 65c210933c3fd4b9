namespace StyleFarm.Bench.Throughput;

/// <summary>
/// The gaps between a task's end and the lease of a task that waited for it, from one job's timeline. For each
/// task T whose lease was seen, D is the dependency that ended last (the one that released T), and the gap is
/// lease(T) − end(D). <see cref="Waiting"/> holds the gaps during which the silo that ran D leased nothing else:
/// a free silo waited all along, so the gap is the coordinator's overhead (promoting T after D's commit, waking a
/// worker, the lease query). <see cref="All"/> holds every gap, including those of tasks that queued for a busy farm.
/// </summary>
/// <param name="Waiting">Gaps with a free silo waiting, in ms.</param>
/// <param name="All">Every gap, in ms.</param>
/// <param name="Unseen">Tasks with dependencies whose lease no poll caught (they ran shorter than a poll interval).</param>
internal sealed record CoordinatorGaps(IReadOnlyList<double> Waiting, IReadOnlyList<double> All, int Unseen)
{
    /// <summary>The gaps of <paramref name="timeline"/>, a finished job's tasks.</summary>
    public static CoordinatorGaps Of(IReadOnlyList<TaskTiming> timeline)
    {
        var byKey = timeline.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var waiting = new List<double>();
        var all = new List<double>();
        var unseen = 0;
        foreach (var task in timeline.Where(t => t.Dependencies.Count > 0))
        {
            if (task.LeasedAt is not { } leased)
            {
                unseen++;
                continue;
            }
            var released = task.Dependencies.Select(d => byKey.GetValueOrDefault(d)).ToList();
            if (released.Any(d => d?.FinishedAt is null)) continue;
            var last = released.MaxBy(d => d!.FinishedAt)!;
            var gap = (leased - last.FinishedAt!.Value).TotalMilliseconds;
            all.Add(gap);
            if (last.Silo is null) continue;
            var busy = timeline.Any(o => o.Key != task.Key && o.Silo == last.Silo && o.LeasedAt > last.FinishedAt && o.LeasedAt < leased);
            if (!busy) waiting.Add(gap);
        }
        return new CoordinatorGaps(waiting, all, unseen);
    }

    /// <summary>The gaps of several runs together.</summary>
    public static CoordinatorGaps Pool(IEnumerable<CoordinatorGaps> runs)
    {
        var list = runs.ToList();
        return new CoordinatorGaps(list.SelectMany(r => r.Waiting).ToList(), list.SelectMany(r => r.All).ToList(), list.Sum(r => r.Unseen));
    }
}
