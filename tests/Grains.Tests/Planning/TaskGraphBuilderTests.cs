using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Planning;

public class TaskGraphBuilderTests
{
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
    private static readonly TaskGraphBuilder Builder = new(new TaskGraphOptions());

    // Samples: 64×32 (2048 px), shots [0,6) → [0,4) [4,6) and [6,10) → [6,10); L = 4, h = 1, 2 passes of 3 and 2 iterations.
    private static TaskGraph Sample() => Builder.Build(Job, Samples.Spec(), Samples.Plan());

    [Fact]
    public void SampleGraphHasPlanThreeFlowsSixStylizesAndEncode()
    {
        var graph = Sample();
        Assert.Equal(
            ["plan", "flow/0000/0000", "flow/0000/0001", "stylize/0000/0000/01", "stylize/0000/0001/01", "stylize/0000/0000/02", "stylize/0000/0001/02",
             "flow/0001/0000", "stylize/0001/0000/01", "stylize/0001/0000/02", "encode"],
            graph.Tasks.Select(t => t.Id.Key));
    }

    [Fact]
    public void CountIsTwoPlusSegmentsTimesOnePlusPasses()
    {
        var spec = Samples.Spec(passes: 3) with { SegmentLength = 24, Halo = 4 };
        var plan = new JobPlan(320, 240, 130, 25, [new Shot(0, new FrameRange(0, 100)), new Shot(1, new FrameRange(100, 130))], [5, 4, 4]);
        // 100 frames → 4 segments (tail 4 merged), 30 frames → 1 segment (tail 6 merged): 5 segments.
        var graph = Builder.Build(Job, spec, plan);
        Assert.Equal(2 + 5 * (1 + 3), graph.Count);
        Assert.Equal(5, graph.Tasks.Count(t => t.Kind == TaskKind.Flow));
        Assert.Equal(15, graph.Tasks.Count(t => t.Kind == TaskKind.Stylize));
    }

    [Fact]
    public void CostsAreFramesTimesPixelsTimesIterations()
    {
        var graph = Sample();
        long Cost(TaskId id) => graph[id].EstimatedCost;
        Assert.Equal(1024, Cost(TaskId.Plan(Job)));                        // 10 frames × 2048 px × 0.05
        Assert.Equal(5 * 2048 * 1 * 2, Cost(TaskId.Flow(Job, 0, 0)));       // halo [0,5), |J| = 1, 2 iterations per offset
        Assert.Equal(3 * 2048 * 1 * 2, Cost(TaskId.Flow(Job, 0, 1)));       // halo [3,6)
        Assert.Equal(4 * 2048 * 3, Cost(TaskId.Stylize(Job, 0, 0, 1)));     // core [0,4), 3 iterations
        Assert.Equal(2 * 2048 * 2, Cost(TaskId.Stylize(Job, 0, 1, 2)));     // core [4,6), 2 iterations
        Assert.Equal(2048, Cost(TaskId.Encode(Job)));                      // 10 frames × 2048 px × 0.1
        Assert.Equal(154_624, graph.TotalCost);
    }

    [Fact]
    public void CriticalPathIsTheLongestChainToTheEnd()
    {
        var graph = Sample();
        Assert.Equal(2_048, graph[TaskId.Encode(Job)].CriticalPath);
        Assert.Equal(8_192 + 2_048, graph[TaskId.Stylize(Job, 0, 1, 2)].CriticalPath);
        // The last pass is chained: segment 0's pass 2 leads to segment 1's (10,240) as well as to encode.
        Assert.Equal(16_384 + 10_240, graph[TaskId.Stylize(Job, 0, 0, 2)].CriticalPath);
        // Pass 1 of segment 1 feeds pass 2 of segments 0 (26,624) and 1 (10,240): the longer counts.
        Assert.Equal(12_288 + 26_624, graph[TaskId.Stylize(Job, 0, 1, 1)].CriticalPath);
        Assert.Equal(20_480 + 24_576 + 26_624, graph[TaskId.Flow(Job, 0, 0)].CriticalPath);
        Assert.Equal(16_384 + 24_576 + 18_432, graph[TaskId.Flow(Job, 1, 0)].CriticalPath);
        Assert.Equal(1_024 + 71_680, graph[TaskId.Plan(Job)].CriticalPath);
        Assert.Equal(72_704, graph.CriticalPathLength);
    }

    [Fact]
    public void DependenciesFollowThePassSchedule()
    {
        var graph = Sample();
        string[] Deps(TaskId id) => graph[id].Dependencies.Select(d => d.Key).ToArray();
        Assert.Equal(["plan"], Deps(TaskId.Flow(Job, 1, 0)));
        Assert.Equal(["flow/0000/0001"], Deps(TaskId.Stylize(Job, 0, 1, 1)));
        // The last pass also continues the segment before it (the chained last pass).
        Assert.Equal(["stylize/0000/0000/01", "stylize/0000/0001/01", "stylize/0000/0000/02"], Deps(TaskId.Stylize(Job, 0, 1, 2)));
        Assert.Equal(["stylize/0001/0000/01"], Deps(TaskId.Stylize(Job, 1, 0, 2)));
        Assert.Equal(["stylize/0000/0000/02", "stylize/0000/0001/02", "stylize/0001/0000/02"], Deps(TaskId.Encode(Job)));
        Assert.Empty(Deps(TaskId.Plan(Job)));
    }

    [Fact]
    public void StylizeTasksCarryTheirSegmentAndDirection()
    {
        var graph = Sample();
        var pass2 = graph[TaskId.Stylize(Job, 0, 1, 2)];
        Assert.Equal(new Segment(0, 1, new FrameRange(4, 6), new FrameRange(3, 6)), pass2.Segment);
        Assert.Equal(PassDirection.Forward, pass2.Direction);
        Assert.Equal(PassDirection.Independent, graph[TaskId.Stylize(Job, 0, 1, 1)].Direction);
        Assert.Equal(PassDirection.None, graph[TaskId.Flow(Job, 0, 1)].Direction);
    }

    [Fact]
    public void StylizeNeedsAGpuOnlyWhenTheJobRequiresOne()
    {
        var cpu = Sample();
        var gpu = Builder.Build(Job, Samples.Spec() with { RequireGpu = true }, Samples.Plan());
        Assert.False(cpu[TaskId.Stylize(Job, 0, 0, 1)].Requirements.NeedsGpu);
        Assert.True(gpu[TaskId.Stylize(Job, 0, 0, 1)].Requirements.NeedsGpu);
        Assert.False(gpu[TaskId.Flow(Job, 0, 0)].Requirements.NeedsGpu);
        Assert.Equal((512L << 20) + 2048 * 4096, gpu[TaskId.Stylize(Job, 0, 0, 1)].Requirements.MemoryBytes);
        Assert.Equal((512L << 20) + 2048 * 256, gpu[TaskId.Flow(Job, 0, 0)].Requirements.MemoryBytes);
    }

    [Fact]
    public void InvalidPlanIsRejectedBeforeAnyTaskIsMade()
    {
        var plan = Samples.Plan() with { FrameCount = 11 };
        Assert.Contains("shots end at frame 10", Assert.Throws<ArgumentException>(() => Builder.Build(Job, Samples.Spec(), plan)).Message);
    }
}
