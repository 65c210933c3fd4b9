using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The flow task of one segment: what it computes, where it puts it, and that a re-run gives the same bytes.</summary>
public sealed class FlowExecutorTests : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task ASegmentsFlowsAndWeightsGoToTheStoreAndTheCacheAndARerunWritesTheSameBytes()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 6);
        var spec = TestFarm.Spec(input, "out.mkv", passes: 2, segmentLength: 3, halo: 1) with { LongTermOffsets = [1, 2] };
        var plan = new JobPlan(64, 48, 6, 25, [new Shot(0, new FrameRange(0, 6))], [2, 2]);
        var job = new Job(new JobId(Guid.CreateVersion7()), spec, JobState.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, plan);
        var task = TaskRecord.New(new TaskGraphBuilder(new TaskGraphOptions()).Build(job.Id, spec, plan).Tasks.Single(t => t.Id == TaskId.Flow(job.Id, 0, 0)),
            DateTimeOffset.UnixEpoch);
        var segment = task.Spec.Segment!; // core [0, 3), halo [0, 4)
        var first = _farm.Services("first");

        await new FlowExecutor(first).ExecuteAsync(new TaskContext(job, task), CancellationToken.None);

        // Pairs 1 apart (0-1, 1-2, 2-3) and 2 apart (0-2, 1-3), both ways, each with its flow and its weights.
        string[] pairs = ["000000-000001", "000000-000002", "000001-000000", "000001-000002", "000001-000003",
                          "000002-000000", "000002-000001", "000002-000003", "000003-000001", "000003-000002"];
        var prefix = ArtifactKey.SegmentPrefix(job.Id, segment);
        var keys = await _farm.Artifacts.ListAsync(prefix).Select(a => a.Key.Value[prefix.Length..]).ToListAsync();
        Assert.Equal(pairs.Select(p => $"flow/{p}.flo").Concat(pairs.Select(p => $"weights/{p}.pgm")), keys);
        Assert.True(first.Cache.IsComplete(job.Id, segment));
        Assert.Equal([new SegmentRef(job.Id, 0, 0)], first.Cache.CachedSegments());

        // The pan moves the picture by (−1.5, −0.5) px a frame; away from the borders DIS finds that motion.
        var forward = FloFile.Read(first.Cache.PathOf(ArtifactKey.Flow(job.Id, segment, 0, 1)));
        var backward = FloFile.Read(first.Cache.PathOf(ArtifactKey.Flow(job.Id, segment, 1, 0)));
        Assert.Equal(ExecutionMedia.PanX, MeanInterior(forward, 0), 0.25);
        Assert.Equal(ExecutionMedia.PanY, MeanInterior(forward, 1), 0.25);
        Assert.Equal(-ExecutionMedia.PanX, MeanInterior(backward, 0), 0.25);
        var (_, _, weights) = PgmFile.Read(first.Cache.PathOf(ArtifactKey.Weights(job.Id, segment, 0, 1)));
        Assert.True(weights.Count(w => w == 255) > weights.Length * 0.8, "most pixels of a pan stay visible");

        var second = _farm.Services("second");
        await new FlowExecutor(second).ExecuteAsync(new TaskContext(job, task), CancellationToken.None);

        foreach (var key in await _farm.Artifacts.ListAsync(prefix).Select(a => a.Key).ToListAsync())
            Assert.Equal(await File.ReadAllBytesAsync(first.Cache.PathOf(key)), await File.ReadAllBytesAsync(second.Cache.PathOf(key)));
    }

    // Mean of component c over the pixels at least 8 px from every border.
    private static double MeanInterior(FlowField flow, int c)
    {
        var sum = 0.0;
        var count = 0;
        for (var y = 8; y < flow.Height - 8; y++)
            for (var x = 8; x < flow.Width - 8; x++, count++)
                sum += c == 0 ? flow.U(x, y) : flow.V(x, y);
        return sum / count;
    }

    public void Dispose() => _farm.Dispose();
}
