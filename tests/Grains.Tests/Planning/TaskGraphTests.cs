using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Planning;

public class TaskGraphTests
{
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");

    private static TaskSpec Spec(TaskId id, long cost, params TaskId[] deps) =>
        new(id, null, PassDirection.None, deps, new TaskRequirements(false, 0), cost, 0);

    [Fact]
    public void UnknownDependencyIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new TaskGraph([Spec(TaskId.Encode(Job), 1, TaskId.Plan(Job))]));
        Assert.Contains($"depends on {TaskId.Plan(Job)}, which is not in the graph", e.Message);
    }

    [Fact]
    public void DuplicateIdIsRejected() =>
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new TaskGraph([Spec(TaskId.Plan(Job), 1), Spec(TaskId.Plan(Job), 2)])).Message);

    [Fact]
    public void CycleIsRejected()
    {
        var a = TaskId.Flow(Job, 0, 0);
        var b = TaskId.Flow(Job, 0, 1);
        var e = Assert.Throws<ArgumentException>(() => new TaskGraph([Spec(a, 1, b), Spec(b, 1, a), Spec(TaskId.Plan(Job), 1)]));
        Assert.Contains("cycle: 2 tasks", e.Message);
    }

    [Fact]
    public void DependentsAreIndexedAndCriticalPathsRecomputedInAnyInputOrder()
    {
        var plan = TaskId.Plan(Job);
        var flow = TaskId.Flow(Job, 0, 0);
        var encode = TaskId.Encode(Job);
        var graph = new TaskGraph([Spec(encode, 2, flow), Spec(flow, 5, plan), Spec(plan, 1) with { CriticalPath = 999 }]);
        Assert.Equal([graph.IndexOf(flow)], graph.Dependents(graph.IndexOf(plan)).ToArray());
        Assert.Equal(1, graph.DependencyCount(graph.IndexOf(encode)));
        Assert.Equal((8, 7, 2), (graph[plan].CriticalPath, graph[flow].CriticalPath, graph[encode].CriticalPath));
        Assert.Equal((8, 8), (graph.TotalCost, graph.CriticalPathLength));
    }
}
