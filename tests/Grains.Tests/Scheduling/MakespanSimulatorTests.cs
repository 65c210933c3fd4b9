using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Scheduling;

public class MakespanSimulatorTests
{
    private static readonly MakespanSimulator Simulator = new();

    /// <summary>Largest cost first, ignoring what waits behind a task (the rule longest-first improves on).</summary>
    private sealed class ByCostOnly : IComparer<TaskSpec>
    {
        public int Compare(TaskSpec? x, TaskSpec? y)
        {
            var c = y!.EstimatedCost.CompareTo(x!.EstimatedCost);
            return c != 0 ? c : x.Id.CompareTo(y.Id);
        }
    }

    /// <summary>Smallest id first: first come, first served.</summary>
    private sealed class ById : IComparer<TaskSpec>
    {
        public int Compare(TaskSpec? x, TaskSpec? y) => x!.Id.CompareTo(y!.Id);
    }

    [Fact]
    public void IndependentTasksOnTwoWorkersFinishAtNine()
    {
        // 5 | 4 at t0; 3 at t4 (→7); 3 at t5 (→8); 2 at t7 (→9). Busy 17 of 2 × 9.
        var graph = new TaskGraph([Graphs.Task(0, 5), Graphs.Task(1, 4), Graphs.Task(2, 3), Graphs.Task(3, 3), Graphs.Task(4, 2)]);
        var result = Simulator.Run(graph, 2);
        Assert.Equal(9, result.Makespan);
        Assert.Equal(17, result.TotalCost);
        Assert.Equal(1.0 / 18.0, result.IdleFraction, 12);
        Assert.Equal(9, result.LowerBound);
    }

    [Fact]
    public void LongestFirstBeatsFirstComeFirstServed()
    {
        // 2, 2, 3 on two workers: by id 2 | 2, then 3 → 5; longest first 3 | 2, then 2 → 4.
        var graph = new TaskGraph([Graphs.Task(0, 2), Graphs.Task(1, 2), Graphs.Task(2, 3)]);
        Assert.Equal(5, Simulator.Run(graph, 2, new ById()).Makespan);
        Assert.Equal(4, Simulator.Run(graph, 2).Makespan);
    }

    [Fact]
    public void CriticalPathOrderStartsTheChainFirst()
    {
        // A(1) → B(5), C(3), D(3) on two workers.
        // Critical path first: A | C at 0, B at 1 (→6), D at 3 (→6): makespan 6, no idle time.
        // Cost only: C | D at 0, A at 3, B at 4 (→9): makespan 9, busy 12 of 18.
        var a = Graphs.Task(0, 1);
        var graph = new TaskGraph([a, Graphs.Task(1, 5, a), Graphs.Task(2, 3), Graphs.Task(3, 3)]);
        var longest = Simulator.Run(graph, 2);
        Assert.Equal(6, longest.Makespan);
        Assert.Equal(0.0, longest.IdleFraction, 12);
        var costOnly = Simulator.Run(graph, 2, new ByCostOnly());
        Assert.Equal(9, costOnly.Makespan);
        Assert.Equal(1.0 / 3.0, costOnly.IdleFraction, 12);
    }

    [Fact]
    public void OneWorkerTakesTheSumOfAllCosts()
    {
        var a = Graphs.Task(0, 4);
        var graph = new TaskGraph([a, Graphs.Task(1, 6, a), Graphs.Task(2, 1)]);
        var result = Simulator.Run(graph, 1);
        Assert.Equal(11, result.Makespan);
        Assert.Equal(0.0, result.IdleFraction, 12);
    }

    [Fact]
    public void ManyWorkersTakeTheCriticalPath()
    {
        // Diamond: A(2) → B(3), C(7) → D(1). With 10 workers: 2 + 7 + 1 = 10; busy 13 of 100.
        var a = Graphs.Task(0, 2);
        var b = Graphs.Task(1, 3, a);
        var c = Graphs.Task(2, 7, a);
        var graph = new TaskGraph([a, b, c, Graphs.Task(3, 1, b, c)]);
        var result = Simulator.Run(graph, 10);
        Assert.Equal(10, result.Makespan);
        Assert.Equal(10, result.CriticalPath);
        Assert.Equal(0.87, result.IdleFraction, 12);
    }

    [Fact]
    public void TasksReleasedAtAnInstantCompeteWithTasksAlreadyReady()
    {
        // A(2) → B(10); C(2) and E(1) ready at 0. Two workers: A | C at 0; at 2 both are free and
        // B (just released, critical path 10) and E (waiting since 0) compete: B | E, makespan 12.
        var a = Graphs.Task(0, 2);
        var graph = new TaskGraph([a, Graphs.Task(1, 10, a), Graphs.Task(2, 2), Graphs.Task(3, 1)]);
        Assert.Equal(12, Simulator.Run(graph, 2).Makespan);
    }

    [Fact]
    public void EmptyGraphTakesNoTime()
    {
        var result = Simulator.Run(new TaskGraph([]), 4);
        Assert.Equal((0L, 0.0), (result.Makespan, result.IdleFraction));
    }

    [Fact]
    public void ZeroWorkersIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Run(new TaskGraph([Graphs.Task(0, 1)]), 0));
}
