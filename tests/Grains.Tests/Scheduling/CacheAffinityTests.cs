using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Scheduling;

/// <summary>A segment's ready task waits a while for the worker that caches its flow, then goes to anyone.</summary>
public sealed class CacheAffinityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly WorkerCapabilities Cpu = new(0, 0, 64L << 30);
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly TaskGraph _graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(Job, Samples.Spec(), Samples.Plan());

    private IReadOnlyList<TaskSpec> Flows => _graph.Tasks.Where(t => t.Kind == TaskKind.Flow).ToList();

    [Fact]
    public void ACachedSegmentsTaskIsKeptFromOtherWorkersUntilTheWaitIsOver_NeverFromItsOwn()
    {
        var affinity = new CacheAffinity(Wait);
        var task = Flows[0];
        affinity.Report("gpu-1", "10.0.0.1:11111@1", [task.Id.SegmentRef!.Value]);

        Assert.True(affinity.KeepsFrom(task, Now, "gpu-2", Now.AddSeconds(4.9)));
        Assert.False(affinity.KeepsFrom(task, Now, "gpu-2", Now.AddSeconds(5)));
        Assert.False(affinity.KeepsFrom(task, Now, "gpu-1", Now));
        // A segment nobody caches is anyone's.
        Assert.False(affinity.KeepsFrom(Flows[1], Now, "gpu-2", Now));
    }

    [Fact]
    public void AWorkersLatestReportReplacesItsLast_AndAFinishedTaskAddsItsSegmentBeforeThat()
    {
        var affinity = new CacheAffinity(Wait);
        var (s0, s1) = (Flows[0].Id.SegmentRef!.Value, Flows[1].Id.SegmentRef!.Value);
        affinity.Report("gpu-1", "a@1", [s0]);
        affinity.Add("gpu-1", "a@1", s1);
        Assert.True(affinity.KeepsFrom(Flows[0], Now, "gpu-2", Now) && affinity.KeepsFrom(Flows[1], Now, "gpu-2", Now));

        // Its cache evicted segment 0.
        affinity.Report("gpu-1", "a@1", [s1]);

        Assert.False(affinity.KeepsFrom(Flows[0], Now, "gpu-2", Now));
        Assert.True(affinity.KeepsFrom(Flows[1], Now, "gpu-2", Now));
    }

    [Fact]
    public void TheWorkersOfASiloDeclaredDeadAreForgotten_SoTheirSegmentsGoToAnyoneAtOnce()
    {
        var affinity = new CacheAffinity(Wait);
        var segment = Flows[0].Id.SegmentRef!.Value;
        affinity.Report("gpu-1", "a@1", [segment]);
        affinity.Report("gpu-2", "b@1", [segment]);

        affinity.ForgetSilo("a@1");
        Assert.True(affinity.KeepsFrom(Flows[0], Now, "gpu-3", Now));
        affinity.ForgetSilo("b@1");

        Assert.False(affinity.KeepsFrom(Flows[0], Now, "gpu-3", Now));
    }

    [Fact]
    public void TheQueueSkipsAKeptTaskForTheNextOne_AndHandsItOutOnceItsWaitIsOver()
    {
        var queue = new DispatchQueue();
        var affinity = new CacheAffinity(Wait);
        var ordered = LongestFirst.Order(Flows);
        foreach (var flow in Flows) queue.Add(flow, null, Now);
        affinity.Report("gpu-1", "a@1", [ordered[0].Id.SegmentRef!.Value]);

        TaskSpec? TakeFor(string worker, DateTimeOffset at) =>
            queue.Take(Cpu, [], at, _ => false, (task, readySince) => affinity.KeepsFrom(task, readySince, worker, at));

        Assert.Equal(ordered[1].Id, TakeFor("gpu-2", Now.AddSeconds(1))!.Id);
        Assert.Equal(ordered[0].Id, TakeFor("gpu-2", Now.AddSeconds(5))!.Id);
    }

    [Fact]
    public void ATaskInBackoffWaitsForItsWorkerFromTheEndOfItsBackoff_AndARepeatedOfferKeepsItsFirstTime()
    {
        var queue = new DispatchQueue();
        var affinity = new CacheAffinity(Wait);
        var only = Flows[0];
        affinity.Report("gpu-1", "a@1", [only.Id.SegmentRef!.Value]);
        queue.Add(only, Now.AddSeconds(10), Now);
        queue.Add(only, Now.AddSeconds(10), Now.AddSeconds(3));

        TaskSpec? TakeFor(string worker, DateTimeOffset at) =>
            queue.Take(Cpu, [], at, _ => false, (task, readySince) => affinity.KeepsFrom(task, readySince, worker, at));

        Assert.Null(TakeFor("gpu-2", Now.AddSeconds(14)));
        Assert.Equal(only.Id, TakeFor("gpu-2", Now.AddSeconds(15))!.Id);
    }
}
