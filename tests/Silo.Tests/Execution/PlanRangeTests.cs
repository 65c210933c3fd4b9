using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The plan task of a job limited to a frame range, and the shot colours it measures for colour matching.</summary>
public sealed class PlanRangeTests : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task APlanOfAFrameRangeCoversExactlyIt_AndStoresTheColourHistogramOfEveryShotAtRenderSize()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 10);
        var spec = TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 4, halo: 1) with
        {
            FirstFrame = 3,
            EndFrame = 9,
            Parameters = new Dictionary<string, string> { ["match_colors"] = "true", ["width"] = "32" },
        };
        var job = new Job(JobId.New(TimeProvider.System), spec, JobState.Planning, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var task = TaskRecord.New(new Grains.Planning.TaskGraphBuilder(new()).PlanTask(job.Id), DateTimeOffset.UnixEpoch);

        var plan = (await new PlanExecutor(_farm.Services()).ExecuteAsync(new TaskContext(job, task), CancellationToken.None)).Plan!;

        Assert.Equal((32, 24, 6, new FrameRange(3, 9)), (plan.Width, plan.Height, plan.FrameCount, plan.Frames));
        var shot = Assert.Single(plan.Shots); // a smooth pan has no cut
        var frames = await ContentFrames.ReadAsync(input, plan, shot.Frames, CancellationToken.None);
        var expected = new RgbHistogram();
        foreach (var frame in frames) expected.Add(frame);
        var style = ImageFile.Read(ExecutionMedia.StyleImage);
        var colors = await ShotColors.ReadAsync(_farm.Artifacts, job.Id, 0, style, CancellationToken.None);
        Assert.Equal((6, 32, 24), (colors.FrameCount, colors.FrameWidth, colors.FrameHeight));
        for (var c = 0; c < 3; c++)
            Assert.Equal(Enumerable.Range(0, 256).Select(l => expected[c][l]), Enumerable.Range(0, 256).Select(l => colors.ShotHistogram[c][l]));
        // Every segment of the shot rebuilds the same matching: the same step-1 tables as measuring the frames here.
        var measured = ShotColorMatching.Measure(frames, style);
        for (var c = 0; c < 3; c++)
            Assert.True(measured.ShotToStyle.Table(c).SequenceEqual(colors.ShotToStyle.Table(c)), $"channel {c} maps differently");
        Assert.False(await _farm.Artifacts.ExistsAsync(ArtifactKey.ShotColors(job.Id, 1)));
    }

    [Fact]
    public async Task ARangeStartingPastTheInputsEndFailsThePlanWithTheFrameCount()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 4);
        var spec = TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 4, halo: 1) with { FirstFrame = 4 };
        var job = new Job(JobId.New(TimeProvider.System), spec, JobState.Planning, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var task = TaskRecord.New(new Grains.Planning.TaskGraphBuilder(new()).PlanTask(job.Id), DateTimeOffset.UnixEpoch);

        var error = await Assert.ThrowsAsync<PermanentTaskException>(() => new PlanExecutor(_farm.Services()).ExecuteAsync(new TaskContext(job, task), CancellationToken.None));

        Assert.Contains("has 4 frames: nothing to render from frame 4", error.Message);
    }

    public void Dispose() => _farm.Dispose();
}
