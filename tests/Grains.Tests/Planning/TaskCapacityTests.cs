using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Planning;

/// <summary>Issue 11, item 3: a planned job that no live worker can take fails with the figures instead of waiting forever.</summary>
public sealed class TaskCapacityTests
{
    private static readonly JobId Job = JobId.Parse("0196a3b2c4d5e6f708192a3b4c5d6e7f");

    private static (TaskGraph Graph, JobPlan Plan) Planned(int width, int height, bool gpu = false)
    {
        var spec = Samples.Spec(passes: 1) with { RequireGpu = gpu };
        var plan = Samples.Plan(passes: 1) with { Width = width, Height = height };
        return (new TaskGraphBuilder(new TaskGraphOptions()).Build(Job, spec, plan), plan);
    }

    [Fact]
    public void AFrameTooLargeForEveryWorkerGivesTheMemoryItNeedsAndTheLargestOffered()
    {
        var (graph, plan) = Planned(3840, 2160);

        // 0.5 GiB + 8,294,400 pixels × 4096 B = 34.5 GB; the workers offer 24 and 16 GB.
        var misfit = TaskCapacity.Misfit(graph, plan, [new WorkerCapabilities(0, 0, 24_000_000_000), new WorkerCapabilities(0, 0, 16_000_000_000)]);

        Assert.Equal("the job needs 34.5 GB of memory per frame at 3840×2160, but the largest live worker silo has 24 GB: submit it at a smaller width and height", misfit);
    }

    [Fact]
    public void AGpuJobOnCpuWorkersIsAMisfit()
    {
        var (graph, plan) = Planned(64, 32, gpu: true);

        var misfit = TaskCapacity.Misfit(graph, plan, [new WorkerCapabilities(0, 0, 64_000_000_000)]);

        Assert.StartsWith("the job requires a GPU, but none of the 1 live worker silo(s) has one", misfit);
    }

    [Fact]
    public void AJobSomeWorkerCanTakeOrAFarmWithNoKnownWorkerIsNoMisfit()
    {
        var (graph, plan) = Planned(1920, 1080);

        Assert.Null(TaskCapacity.Misfit(graph, plan, [new WorkerCapabilities(0, 0, 4_000_000_000), new WorkerCapabilities(0, 0, 10_000_000_000)]));
        Assert.Null(TaskCapacity.Misfit(graph, plan, []));
    }

    [Fact]
    public void TheMemoryModelRefusesToWrapInsteadOfOverflowingSilently()
    {
        Assert.Throws<OverflowException>(() => new TaskGraphOptions().StylizeBytes(StylizationMethod.Optimization, long.MaxValue / 1024));
    }
}
