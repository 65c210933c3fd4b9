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
        var xPlan = x.Kind == TaskKind.Plan;
        if (xPlan != (y.Kind == TaskKind.Plan)) return xPlan ? -1 : 1;
        var c = y.CriticalPath.CompareTo(x.CriticalPath);
        if (c == 0) c = y.EstimatedCost.CompareTo(x.EstimatedCost);
        if (c == 0) c = x.Id.CompareTo(y.Id);
        return c;
    }

    /// <summary><paramref name="tasks"/> sorted first to last.</summary>
    public static IReadOnlyList<TaskSpec> Order(IEnumerable<TaskSpec> tasks)
    {
        var list = tasks.ToList();
        list.Sort(Instance);
        return list;
    }
}
