using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Scheduling;

/// <summary>The order and the filters in which the dispatcher hands out ready tasks.</summary>
public sealed class DispatchQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly WorkerCapabilities Cpu = new(0, 0, 64L << 30);
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
    private readonly TaskGraph _graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(Job, Samples.Spec(), Samples.Plan());

    private IReadOnlyList<TaskSpec> Flows => _graph.Tasks.Where(t => t.Kind == TaskKind.Flow).ToList();

    [Fact]
    public void TasksComeOutLongestFirstAndEachOnce()
    {
        var queue = new DispatchQueue();
        foreach (var flow in Flows) queue.Add(flow, null);
        queue.Add(Flows[0], null);

        var taken = new List<TaskId>();
        while (queue.Take(Cpu, [], Now) is { } spec) taken.Add(spec.Id);

        Assert.Equal(LongestFirst.Order(Flows).Select(t => t.Id), taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ASegmentTheWorkerCachesComesFirst()
    {
        var queue = new DispatchQueue();
        foreach (var flow in Flows) queue.Add(flow, null);
        var last = LongestFirst.Order(Flows)[^1];

        Assert.Equal(last.Id, queue.Take(Cpu, [last.Id.SegmentRef!.Value], Now)!.Id);
    }

    [Fact]
    public void BackoffRequirementsAndABlockedJobHoldTasksBack()
    {
        var queue = new DispatchQueue();
        var waiting = Flows[0];
        var gpu = Flows[1] with { Requirements = new TaskRequirements(true, 1L << 30) };
        queue.Add(waiting, Now.AddSeconds(5));
        queue.Add(gpu, null);

        Assert.Null(queue.Take(Cpu, [], Now));
        Assert.Null(queue.Take(new WorkerCapabilities(1, 8L << 30, 64L << 30), [], Now, job => job == Job));
        Assert.Equal(gpu.Id, queue.Take(new WorkerCapabilities(1, 8L << 30, 64L << 30), [], Now)!.Id);
        Assert.Equal(waiting.Id, queue.Take(Cpu, [], Now.AddSeconds(5))!.Id);
    }

    [Fact]
    public void AStoppedJobsTasksAreDropped()
    {
        var queue = new DispatchQueue();
        foreach (var flow in Flows) queue.Add(flow, null);

        Assert.Equal(Flows.Count, queue.RemoveJob(Job));
        Assert.Null(queue.Take(Cpu, [], Now));
    }

    [Fact]
    public void ATaskLostWithItsSiloGoesFirst_AheadOfTheWorkersCachedSegmentLongerTasksAndAnAffinityWait()
    {
        var queue = new DispatchQueue();
        var order = LongestFirst.Order(Flows);
        var (longest, lost, cachedByAsker) = (order[0], order[^1], order[1]);
        // The dispatcher's word may come before the owner's offer: the mark waits for it.
        queue.Expedite(lost.Id);
        foreach (var flow in Flows) queue.Add(flow, null, Now);

        // Kept for another worker's cache, shorter than two others, outside the asker's cache: still handed out first.
        var taken = queue.Take(Cpu, [cachedByAsker.Id.SegmentRef!.Value], Now, _ => false, (spec, _) => spec.Id == lost.Id);
        Assert.Equal(lost.Id, taken!.Id);
        // Taken once, the mark is gone: the order is the usual one again.
        queue.Add(lost, null, Now);
        Assert.Equal(cachedByAsker.Id, queue.Take(Cpu, [cachedByAsker.Id.SegmentRef!.Value], Now)!.Id);
        Assert.Equal(longest.Id, queue.Take(Cpu, [], Now)!.Id);
    }

    [Fact]
    public void ALostTaskStillWaitsForItsBackoffRequirementsAndBlocklist()
    {
        var queue = new DispatchQueue();
        var gpu = Flows[0] with { Requirements = new TaskRequirements(true, 1L << 30) };
        queue.Expedite(gpu.Id);
        queue.Add(gpu, null);
        queue.Add(Flows[1], null);

        Assert.Equal(Flows[1].Id, queue.Take(Cpu, [], Now)!.Id);
        Assert.Null(queue.Take(new WorkerCapabilities(1, 8L << 30, 64L << 30), [], Now, job => job == Job));
        Assert.Equal(gpu.Id, queue.Take(new WorkerCapabilities(1, 8L << 30, 64L << 30), [], Now)!.Id);
    }

    [Fact]
    public void TakeSaysWhetherTheTaskWasLost_SoATaskItsOwnerDidNotBeginGoesBackWithItsMark()
    {
        var queue = new DispatchQueue();
        var order = LongestFirst.Order(Flows);
        var lost = order[^1];
        queue.Expedite(lost.Id);
        foreach (var flow in Flows) queue.Add(flow, null, Now);

        var taken = queue.Take(Cpu, [], Now, _ => false, (_, _) => false, out var expedited);
        Assert.Equal((lost.Id, true), (taken!.Id, expedited));
        // Its owner did not answer: the dispatcher puts it back marked, and it goes first again.
        queue.Add(taken, null);
        queue.Expedite(taken.Id);
        Assert.Equal(lost.Id, queue.Take(Cpu, [], Now, _ => false, (_, _) => false, out expedited)!.Id);
        Assert.True(expedited);
        Assert.Equal(order[0].Id, queue.Take(Cpu, [], Now, _ => false, (_, _) => false, out expedited)!.Id);
        Assert.False(expedited);
    }
}
