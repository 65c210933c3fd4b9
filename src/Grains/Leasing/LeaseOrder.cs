using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// The order in which eligible tasks are offered to one silo: first the tasks of segments whose flow
/// the silo holds in its cache (so a segment's later passes stay where its flow is), then
/// <see cref="LongestFirst"/> (critical path, then estimated cost, then id). A SQL store expresses the
/// same as <c>ORDER BY cached DESC, critical_path DESC, estimated_cost DESC, id</c>.
/// </summary>
public sealed class LeaseOrder : IComparer<TaskRecord>
{
    private readonly IReadOnlySet<SegmentRef> _cached;

    /// <summary>The order for a silo holding the flow of <paramref name="cachedSegments"/>.</summary>
    public LeaseOrder(IReadOnlySet<SegmentRef> cachedSegments) => _cached = cachedSegments;

    /// <inheritdoc />
    public int Compare(TaskRecord? x, TaskRecord? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var cx = IsCached(x);
        var cy = IsCached(y);
        if (cx != cy) return cx ? -1 : 1;
        return LongestFirst.Instance.Compare(x.Spec, y.Spec);
    }

    private bool IsCached(TaskRecord task) => task.Id.SegmentRef is { } s && _cached.Contains(s);
}
