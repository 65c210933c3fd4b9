using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Planning;

/// <summary>
/// A checked, indexed set of tasks: ids are unique, every dependency is in the graph, there is no
/// cycle. On construction it computes each task's critical path (bottom level: its cost plus the
/// longest chain of dependents after it) and stores it in <see cref="TaskSpec.CriticalPath"/>.
/// </summary>
public sealed class TaskGraph
{
    private readonly Dictionary<TaskId, int> _index;
    private readonly int[] _dependencyCount;
    private readonly int[] _dependentStart;
    private readonly int[] _dependents;

    /// <summary>Builds the graph of <paramref name="tasks"/> (any order); their CriticalPath values are recomputed.</summary>
    /// <exception cref="ArgumentException">A duplicate id, an unknown dependency, or a cycle (named).</exception>
    public TaskGraph(IEnumerable<TaskSpec> tasks)
    {
        var list = tasks.ToList();
        var n = list.Count;
        _index = new Dictionary<TaskId, int>(n);
        for (var i = 0; i < n; i++)
            if (!_index.TryAdd(list[i].Id, i))
                throw new ArgumentException($"task {list[i].Id} appears twice in the graph", nameof(tasks));

        // Dependents in compressed rows: dependents of i are _dependents[_dependentStart[i] .. _dependentStart[i + 1]).
        _dependencyCount = new int[n];
        _dependentStart = new int[n + 1];
        var depIndex = new int[n][];
        for (var i = 0; i < n; i++)
        {
            var deps = list[i].Dependencies;
            var idx = new int[deps.Count];
            for (var d = 0; d < deps.Count; d++)
            {
                if (!_index.TryGetValue(deps[d], out var j))
                    throw new ArgumentException($"task {list[i].Id} depends on {deps[d]}, which is not in the graph", nameof(tasks));
                idx[d] = j;
                _dependentStart[j + 1]++;
            }
            depIndex[i] = idx;
            _dependencyCount[i] = idx.Length;
        }
        for (var i = 0; i < n; i++) _dependentStart[i + 1] += _dependentStart[i];
        _dependents = new int[_dependentStart[n]];
        var fill = (int[])_dependentStart.Clone();
        for (var i = 0; i < n; i++)
            foreach (var j in depIndex[i])
                _dependents[fill[j]++] = i;

        var order = TopologicalOrder(list);
        var bottom = new long[n];
        for (var o = n - 1; o >= 0; o--)
        {
            var i = order[o];
            long after = 0;
            foreach (var d in Dependents(i)) after = Math.Max(after, bottom[d]);
            bottom[i] = list[i].EstimatedCost + after;
        }
        var specs = new TaskSpec[n];
        long total = 0, longest = 0;
        for (var i = 0; i < n; i++)
        {
            specs[i] = list[i].CriticalPath == bottom[i] ? list[i] : list[i] with { CriticalPath = bottom[i] };
            total += list[i].EstimatedCost;
            longest = Math.Max(longest, bottom[i]);
        }
        Tasks = specs;
        TotalCost = total;
        CriticalPathLength = longest;
    }

    /// <summary>The tasks in the order given, with their critical paths.</summary>
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>Number of tasks.</summary>
    public int Count => Tasks.Count;

    /// <summary>Sum of all estimated costs: the work a farm must do.</summary>
    public long TotalCost { get; }

    /// <summary>The longest dependency chain's cost: no number of workers finishes sooner.</summary>
    public long CriticalPathLength { get; }

    /// <summary>The task with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such task.</exception>
    public TaskSpec this[TaskId id] => Tasks[IndexOf(id)];

    /// <summary>The position of <paramref name="id"/> in <see cref="Tasks"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such task.</exception>
    public int IndexOf(TaskId id) =>
        _index.TryGetValue(id, out var i) ? i : throw new KeyNotFoundException($"task {id} is not in the graph");

    /// <summary>Whether the graph has a task <paramref name="id"/>.</summary>
    public bool Contains(TaskId id) => _index.ContainsKey(id);

    /// <summary>How many dependencies task <paramref name="index"/> has.</summary>
    public int DependencyCount(int index) => _dependencyCount[index];

    /// <summary>Positions of the tasks that depend on task <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Dependents(int index) =>
        _dependents.AsSpan(_dependentStart[index], _dependentStart[index + 1] - _dependentStart[index]);

    private int[] TopologicalOrder(List<TaskSpec> list)
    {
        var n = list.Count;
        var remaining = (int[])_dependencyCount.Clone();
        var order = new int[n];
        int head = 0, tail = 0;
        for (var i = 0; i < n; i++)
            if (remaining[i] == 0) order[tail++] = i;
        while (head < tail)
        {
            var i = order[head++];
            foreach (var d in Dependents(i))
                if (--remaining[d] == 0) order[tail++] = d;
        }
        if (tail < n)
        {
            var stuck = Enumerable.Range(0, n).First(i => remaining[i] > 0);
            throw new ArgumentException($"the task graph has a cycle: {n - tail} tasks, {list[stuck].Id} among them, wait on each other and can never become ready", "tasks");
        }
        return order;
    }
}
