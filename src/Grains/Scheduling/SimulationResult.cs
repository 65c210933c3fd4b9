namespace StyleFarm.Grains.Scheduling;

/// <summary>What <see cref="MakespanSimulator"/> found. Times are in the graph's cost units.</summary>
/// <param name="Workers">Workers simulated.</param>
/// <param name="Tasks">Tasks run.</param>
/// <param name="Makespan">When the last task finished (all started at 0).</param>
/// <param name="TotalCost">Sum of all task costs (busy time).</param>
/// <param name="CriticalPath">The graph's longest chain: a lower bound for any number of workers.</param>
/// <param name="IdleFraction">1 − busy / (workers × makespan): the share of worker time spent waiting.</param>
public sealed record SimulationResult(int Workers, int Tasks, long Makespan, long TotalCost, long CriticalPath, double IdleFraction)
{
    /// <summary>No schedule can beat max(critical path, ⌈total / workers⌉).</summary>
    public long LowerBound => Math.Max(CriticalPath, (TotalCost + Workers - 1) / Workers);
}
