using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Scheduling;

/// <summary>
/// Simulates list scheduling of a task graph on N identical workers, all free at time 0: whenever a
/// worker is free it takes the first ready task in the given order (default <see cref="LongestFirst"/>);
/// a task becomes ready when its last dependency finishes; tasks finishing at the same instant are
/// all retired before anything is handed out. Pure and deterministic; O((V + E) log V) with two heaps,
/// so a 200k-task film graph takes a fraction of a second.
/// </summary>
public sealed class MakespanSimulator
{
    /// <summary>Runs <paramref name="graph"/> on <paramref name="workers"/> workers.</summary>
    /// <param name="graph">The tasks, their costs and dependencies.</param>
    /// <param name="workers">Number of identical workers, at least 1.</param>
    /// <param name="order">Which ready task a free worker takes first; default <see cref="LongestFirst"/>. Must be a total order.</param>
    public SimulationResult Run(TaskGraph graph, int workers, IComparer<TaskSpec>? order = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var n = graph.Count;
        // Rank every task once, so the ready heap compares integers instead of records.
        var byOrder = new int[n];
        for (var i = 0; i < n; i++) byOrder[i] = i;
        var tasks = graph.Tasks;
        if (order is null || ReferenceEquals(order, LongestFirst.Instance))
        {
            // The default order sorts by value keys: several times faster than a comparer over records.
            var keys = new LongestFirst.SortKey[n];
            for (var i = 0; i < n; i++) keys[i] = LongestFirst.KeyOf(tasks[i]);
            Array.Sort(keys, byOrder);
        }
        else
        {
            Array.Sort(byOrder, (a, b) => order.Compare(tasks[a], tasks[b]));
        }
        var rank = new int[n];
        for (var r = 0; r < n; r++) rank[byOrder[r]] = r;

        var waiting = new int[n];
        var ready = new PriorityQueue<int, int>(n);
        for (var i = 0; i < n; i++)
        {
            waiting[i] = graph.DependencyCount(i);
            if (waiting[i] == 0) ready.Enqueue(i, rank[i]);
        }

        var running = new PriorityQueue<int, long>(Math.Min(n, workers));
        var free = workers;
        long now = 0;
        var done = 0;
        while (true)
        {
            while (free > 0 && ready.TryDequeue(out var task, out _))
            {
                running.Enqueue(task, now + tasks[task].EstimatedCost);
                free--;
            }
            if (!running.TryPeek(out _, out var next)) break;
            now = next;
            while (running.TryPeek(out var finished, out var at) && at == now)
            {
                running.Dequeue();
                free++;
                done++;
                foreach (var d in graph.Dependents(finished))
                    if (--waiting[d] == 0) ready.Enqueue(d, rank[d]);
            }
        }
        if (done != n)
            throw new InvalidOperationException($"only {done} of {n} tasks could run: the graph is inconsistent");
        var idle = now == 0 ? 0.0 : 1.0 - (double)graph.TotalCost / ((double)workers * now);
        return new SimulationResult(workers, n, now, graph.TotalCost, graph.CriticalPathLength, idle);
    }
}
