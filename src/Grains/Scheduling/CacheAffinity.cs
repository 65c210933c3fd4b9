using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Scheduling;

/// <summary>
/// Which worker caches which segment's flow, as each last said when it asked for work, and the rule that keeps a
/// segment's task for the worker that caches it: another worker may take it only once it has waited
/// <see cref="Wait"/> since it became ready (delay scheduling: the caching worker is usually done with its current task
/// soon, and flow is expensive to compute again). A worker whose silo died is forgotten, so its segments go to anyone at
/// once. Pure and in memory: the dispatcher grain feeds it from the requests it answers.
/// </summary>
/// <param name="wait">How long a cached segment's ready task waits for its worker.</param>
public sealed class CacheAffinity(TimeSpan wait)
{
    private readonly Dictionary<string, (string SiloAddress, HashSet<SegmentRef> Segments)> _byWorker = [];
    private readonly Dictionary<SegmentRef, HashSet<string>> _byWorkerOfSegment = [];

    /// <summary>How long a cached segment's ready task waits for a worker that caches it.</summary>
    public TimeSpan Wait => wait;

    /// <summary>Records that <paramref name="worker"/>, of the silo at <paramref name="siloAddress"/>, caches exactly <paramref name="cached"/>.</summary>
    public void Report(string worker, string siloAddress, IReadOnlyCollection<SegmentRef> cached)
    {
        Remove(worker);
        if (cached.Count == 0) return;
        var segments = cached.ToHashSet();
        _byWorker[worker] = (siloAddress, segments);
        foreach (var segment in segments)
        {
            if (!_byWorkerOfSegment.TryGetValue(segment, out var workers)) _byWorkerOfSegment[segment] = workers = [];
            workers.Add(worker);
        }
    }

    /// <summary>
    /// Records that <paramref name="worker"/> now caches <paramref name="segment"/> too: it just finished a task of it (a
    /// flow or stylize task leaves the segment's flow in its cache), before its next request says so.
    /// </summary>
    public void Add(string worker, string siloAddress, SegmentRef segment)
    {
        if (!_byWorker.TryGetValue(worker, out var entry)) _byWorker[worker] = entry = (siloAddress, []);
        entry.Segments.Add(segment);
        if (!_byWorkerOfSegment.TryGetValue(segment, out var workers)) _byWorkerOfSegment[segment] = workers = [];
        workers.Add(worker);
    }

    /// <summary>Forgets every worker of the silo at <paramref name="siloAddress"/> (declared dead: its caches are gone).</summary>
    public void ForgetSilo(string siloAddress)
    {
        foreach (var worker in _byWorker.Where(w => w.Value.SiloAddress == siloAddress).Select(w => w.Key).ToList()) Remove(worker);
    }

    /// <summary>
    /// Whether <paramref name="task"/>, ready since <paramref name="readySince"/>, is kept from <paramref name="asking"/> at
    /// <paramref name="now"/>: its segment is cached by another worker, and the wait is not over.
    /// </summary>
    public bool KeepsFrom(TaskSpec task, DateTimeOffset readySince, string asking, DateTimeOffset now) =>
        task.Id.SegmentRef is { } segment
        && _byWorkerOfSegment.TryGetValue(segment, out var workers)
        && !workers.Contains(asking)
        && now - readySince < wait;

    private void Remove(string worker)
    {
        if (!_byWorker.Remove(worker, out var entry)) return;
        foreach (var segment in entry.Segments)
            if (_byWorkerOfSegment.TryGetValue(segment, out var workers) && workers.Remove(worker) && workers.Count == 0)
                _byWorkerOfSegment.Remove(segment);
    }
}
