using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Scheduling;

/// <summary>
/// The ready tasks of every job, in the order the dispatcher hands them out: first a task taken back from a dead silo
/// (<see cref="Expedite"/>), then, for a worker, a task of a segment whose flow it caches, then <see cref="LongestFirst"/>;
/// always one whose requirements it meets and whose backoff has passed. Pure and in memory: the dispatcher grain
/// rebuilds it from the owners' offers.
/// </summary>
public sealed class DispatchQueue
{
    private readonly SortedDictionary<LongestFirst.SortKey, TaskSpec> _ordered = new();
    private readonly Dictionary<TaskId, (TaskSpec Spec, DateTimeOffset? NotBefore, DateTimeOffset OfferedAt)> _byId = new();
    private readonly Dictionary<SegmentRef, HashSet<TaskId>> _bySegment = new();
    // Tasks whose attempt died with its silo, offered or about to be (the owner's offer may come after the dispatcher's word).
    private readonly HashSet<TaskId> _expedited = [];

    /// <summary>How many tasks wait.</summary>
    public int Count => _byId.Count;

    /// <summary>Whether <paramref name="task"/> waits here.</summary>
    public bool Contains(TaskId task) => _byId.ContainsKey(task);

    /// <summary>
    /// Adds a ready task offered at <paramref name="offeredAt"/> (default: long ago); again, an offer repeated is kept
    /// once, with its latest backoff and its first offer time.
    /// </summary>
    public void Add(TaskSpec spec, DateTimeOffset? notBefore, DateTimeOffset? offeredAt = null)
    {
        var first = offeredAt ?? DateTimeOffset.MinValue;
        if (_byId.TryGetValue(spec.Id, out var kept))
        {
            first = kept.OfferedAt < first ? kept.OfferedAt : first;
            Remove(spec.Id);
        }
        _byId[spec.Id] = (spec, notBefore, first);
        _ordered[LongestFirst.KeyOf(spec)] = spec;
        if (spec.Id.SegmentRef is { } segment)
        {
            if (!_bySegment.TryGetValue(segment, out var tasks)) _bySegment[segment] = tasks = [];
            tasks.Add(spec.Id);
        }
    }

    /// <summary>
    /// Marks <paramref name="task"/>, whose attempt died with its silo, to go to the next worker that can run it: ahead of
    /// that worker's cached segments, of longer tasks, and of any cache affinity wait. Without it a lost task could wait
    /// behind each free worker's next pass of its own segment (a kill measured at 97 s on a busy 3-silo farm). Kept until the
    /// task is taken or its job dropped; the offer may come before or after.
    /// </summary>
    public void Expedite(TaskId task) => _expedited.Add(task);

    /// <summary>Drops <paramref name="task"/>; false when it was not here.</summary>
    public bool Remove(TaskId task)
    {
        if (!_byId.Remove(task, out var entry)) return false;
        _ordered.Remove(LongestFirst.KeyOf(entry.Spec));
        if (task.SegmentRef is { } segment && _bySegment.TryGetValue(segment, out var tasks))
        {
            tasks.Remove(task);
            if (tasks.Count == 0) _bySegment.Remove(segment);
        }
        return true;
    }

    /// <summary>Drops every task of <paramref name="job"/> (cancelled or failed).</summary>
    public int RemoveJob(Jobs.JobId job)
    {
        var gone = _byId.Keys.Where(t => t.Job == job).ToList();
        foreach (var task in gone) Remove(task);
        _expedited.RemoveWhere(t => t.Job == job);
        return gone.Count;
    }

    /// <summary>
    /// Takes the task to hand a worker with <paramref name="capabilities"/> caching <paramref name="cached"/> at
    /// <paramref name="now"/>, or null when none fits.
    /// </summary>
    public TaskSpec? Take(WorkerCapabilities capabilities, IReadOnlyCollection<SegmentRef> cached, DateTimeOffset now) =>
        Take(capabilities, cached, now, static _ => false);

    /// <summary>
    /// As <see cref="Take(WorkerCapabilities, IReadOnlyCollection{SegmentRef}, DateTimeOffset)"/>, skipping the tasks of every job
    /// <paramref name="blocked"/> names (the asking silo is blocklisted for it).
    /// </summary>
    public TaskSpec? Take(WorkerCapabilities capabilities, IReadOnlyCollection<SegmentRef> cached, DateTimeOffset now, Func<Jobs.JobId, bool> blocked) =>
        Take(capabilities, cached, now, blocked, static (_, _) => false);

    /// <summary>
    /// As <see cref="Take(WorkerCapabilities, IReadOnlyCollection{SegmentRef}, DateTimeOffset, Func{Jobs.JobId, bool})"/>,
    /// also skipping, outside the worker's own cached segments, every task <paramref name="kept"/> keeps for another worker
    /// (given the task and when it became ready to run: its offer, or its backoff's end; see <see cref="CacheAffinity"/>).
    /// </summary>
    public TaskSpec? Take(WorkerCapabilities capabilities, IReadOnlyCollection<SegmentRef> cached, DateTimeOffset now, Func<Jobs.JobId, bool> blocked,
        Func<TaskSpec, DateTimeOffset, bool> kept) =>
        Take(capabilities, cached, now, blocked, kept, out _);

    /// <summary>
    /// As <see cref="Take(WorkerCapabilities, IReadOnlyCollection{SegmentRef}, DateTimeOffset, Func{Jobs.JobId, bool}, Func{TaskSpec, DateTimeOffset, bool})"/>;
    /// <paramref name="expedited"/> says whether the task taken was marked lost (<see cref="Expedite"/>), so that a task whose
    /// owner did not begin it goes back into the queue with its mark.
    /// </summary>
    public TaskSpec? Take(WorkerCapabilities capabilities, IReadOnlyCollection<SegmentRef> cached, DateTimeOffset now, Func<Jobs.JobId, bool> blocked,
        Func<TaskSpec, DateTimeOffset, bool> kept, out bool expedited)
    {
        expedited = false;
        var best = Best(_expedited, capabilities, now, blocked)
                   ?? Best(cached.Where(_bySegment.ContainsKey).SelectMany(s => _bySegment[s]), capabilities, now, blocked);
        if (best is null)
            foreach (var spec in _ordered.Values)
                if (_byId[spec.Id] is var (_, notBefore, offeredAt) && Fits(spec, notBefore, capabilities, now) && !blocked(spec.Job)
                    && !kept(spec, notBefore is { } end && end > offeredAt ? end : offeredAt))
                {
                    best = spec;
                    break;
                }
        if (best is not null)
        {
            Remove(best.Id);
            expedited = _expedited.Remove(best.Id);
        }
        return best;
    }

    // The first in LongestFirst order of the ids that wait here and fit, or null.
    private TaskSpec? Best(IEnumerable<TaskId> ids, WorkerCapabilities capabilities, DateTimeOffset now, Func<Jobs.JobId, bool> blocked)
    {
        TaskSpec? best = null;
        foreach (var id in ids)
        {
            if (!_byId.TryGetValue(id, out var entry) || !Fits(entry.Spec, entry.NotBefore, capabilities, now) || blocked(entry.Spec.Job)) continue;
            if (best is null || LongestFirst.Instance.Compare(entry.Spec, best) < 0) best = entry.Spec;
        }
        return best;
    }

    private static bool Fits(TaskSpec spec, DateTimeOffset? notBefore, WorkerCapabilities capabilities, DateTimeOffset now) =>
        (notBefore is null || notBefore <= now) && spec.Requirements.IsSatisfiedBy(capabilities);
}
