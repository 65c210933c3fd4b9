using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Scheduling;

public class LongestFirstTests
{
    [Fact]
    public void OrdersByCriticalPathThenCostThenId()
    {
        var a = Graphs.Task(0, 3) with { CriticalPath = 10 };
        var b = Graphs.Task(1, 7) with { CriticalPath = 10 };
        var c = Graphs.Task(2, 1) with { CriticalPath = 50 };
        var d = Graphs.Task(3, 7) with { CriticalPath = 10 };
        var e = Graphs.Task(4, 9) with { CriticalPath = 9 };
        Assert.Equal([c, b, d, a, e], LongestFirst.Order([a, b, c, d, e]));
    }

    [Fact]
    public void PlanTasksGoFirstWhateverTheirCriticalPath()
    {
        var plan = new TaskSpec(TaskId.Plan(Graphs.Job), null, PassDirection.None, [], new TaskRequirements(false, 0), 0, 0);
        var big = Graphs.Task(0, 1000) with { CriticalPath = 1_000_000 };
        Assert.Equal([plan, big], LongestFirst.Order([big, plan]));
    }

    [Fact]
    public void ALongChainOutranksABiggerSingleTask()
    {
        // Head of a chain 1 → 5 versus a lone task of 4: the chain's head carries 6 and goes first.
        var head = Graphs.Task(0, 1);
        var tail = Graphs.Task(1, 5, head);
        var lone = Graphs.Task(2, 4);
        var graph = new TaskGraph([head, tail, lone]);
        Assert.Equal(["stylize/0000/0000/01", "stylize/0000/0001/01", "stylize/0000/0002/01"],
            LongestFirst.Order(graph.Tasks).Select(t => t.Id.Key));
        Assert.Equal(6, graph.Tasks[0].CriticalPath);
    }
}
