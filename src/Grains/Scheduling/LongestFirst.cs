using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Scheduling;

/// <summary>
/// The order in which ready tasks are handed out, first to last:
/// <list type="number">
/// <item>plan tasks (short, and each unlocks a whole job);</item>
/// <item>longer <see cref="TaskSpec.CriticalPath"/> first: the chain of work still hanging on a task
/// (the HLFET "highest level first" rule), so the long shots' chains start early and no shot is left
/// to run alone at the end;</item>
/// <item>larger <see cref="TaskSpec.EstimatedCost"/> first (largest-processing-time rule among equals);</item>
/// <item>smaller <see cref="TaskId"/>, so the order is total and deterministic.</item>
/// </list>
/// </summary>
public sealed class LongestFirst : IComparer<TaskSpec>
{
    /// <summary>The one instance (the comparer has no state).</summary>
    public static LongestFirst Instance { get; } = new();

    private LongestFirst()
    {
    }

    /// <summary>Negative when <paramref name="x"/> goes before <paramref name="y"/>.</summary>
    public int Compare(TaskSpec? x, TaskSpec? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        return KeyOf(x).CompareTo(KeyOf(y));
    }

    /// <summary>The fields the order looks at, as a value that sorts without a comparer (for large sorts).</summary>
    public static SortKey KeyOf(TaskSpec task) => new(task.Kind == TaskKind.Plan, task.CriticalPath, task.EstimatedCost, task.Id);

    /// <summary>A task's place in the longest-first order; smaller goes first.</summary>
    public readonly struct SortKey : IComparable<SortKey>
    {
        private readonly bool _plan;
        private readonly long _criticalPath;
        private readonly long _cost;
        private readonly TaskId _id;

        internal SortKey(bool plan, long criticalPath, long cost, TaskId id)
        {
            _plan = plan;
            _criticalPath = criticalPath;
            _cost = cost;
            _id = id;
        }

        /// <inheritdoc />
        public int CompareTo(SortKey other)
        {
            if (_plan != other._plan) return _plan ? -1 : 1;
            var c = other._criticalPath.CompareTo(_criticalPath);
            if (c == 0) c = other._cost.CompareTo(_cost);
            if (c == 0) c = _id.CompareTo(other._id);
            return c;
        }
    }

    /// <summary><paramref name="tasks"/> sorted first to last.</summary>
    public static IReadOnlyList<TaskSpec> Order(IEnumerable<TaskSpec> tasks)
    {
        var list = tasks.ToList();
        list.Sort(Instance);
        return list;
    }
}
