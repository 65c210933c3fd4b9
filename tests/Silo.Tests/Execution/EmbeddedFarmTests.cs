using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>Whole jobs through the grains and real workers in one process: plan, flow, stylize passes, encode.</summary>
public sealed class EmbeddedFarmTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task AJobRunsFromPlanToEncodeAndWritesEveryFrameWithTheInputsAudio()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 8, audio: "aac");
        var outputPath = _farm.PathOf("out/film.mp4");
        var finished = new List<TaskRunResult>();
        await using var farm = await _farm.StartAsync();
        farm.TaskFinished += r => { lock (finished) finished.Add(r); };

        var result = await farm.RenderAsync(TestFarm.Spec(input, outputPath, passes: 2, segmentLength: 4, halo: 1), CancellationToken.None);

        Assert.True(result.Job.State == JobState.Succeeded, $"{result.Job.State}: {result.Job.Error}");
        var plan = result.Job.Plan!;
        Assert.Equal((64, 48, 8, 25.0), (plan.Width, plan.Height, plan.FrameCount, plan.FrameRate));
        Assert.Equal([new Shot(0, new FrameRange(0, 8))], plan.Shots);
        Assert.Equal([2, 2], plan.IterationsPerPass);
        // plan, 2 flows, 2 segments × 2 passes, encode: each committed once, nothing failed.
        Assert.Equal(8, finished.Count);
        Assert.All(finished, r => Assert.Equal(TaskRunStatus.Committed, r.Status));
        Assert.All(await farm.TasksAsync(result.Job.Id), t => Assert.Equal(TaskState.Succeeded, t.State));
        var video = await VideoProbe.ProbeAsync(outputPath);
        Assert.Equal((64, 48, 8), (video.Width, video.Height, video.FrameCount));
        Assert.Equal(new FrameRate(25), video.FrameRate);
        Assert.Single(video.AudioStreams);
        Assert.NotNull(result.Metrics);
        Assert.Equal((8, 2, 2), (result.Metrics.Frames, result.Metrics.Segments, result.Metrics.Passes));
        Assert.Equal((1, 6), (result.Metrics.SeamError.SeamPairs, result.Metrics.SeamError.InsidePairs));
        Assert.Equal([outputPath], Directory.EnumerateFiles(Path.GetDirectoryName(outputPath)!)); // no temporary file left behind
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(8, 3)]
    [InlineData(8, 2)]
    public async Task AShotCutIntoSegmentsWithThreePassesOnThreeSilosKeepsItsSeamsBelowTheFarmsLimit(int segments, int iterations)
    {
        var frames = 4 * segments;
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), frames);
        // Every weight pinned (the preview preset's values today), so recalibrating presets does not move this figure.
        var spec = TestFarm.Spec(input, _farm.PathOf("seams.mkv"), passes: 3, segmentLength: 4, halo: 2, iterations: iterations) with
        {
            Parameters = new Dictionary<string, string>
            {
                ["iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), ["content_weight"] = "5", ["style_weight"] = "1e8", ["temporal_weight"] = "500", ["tv_weight"] = "1e-4",
                ["temporal_from_pass"] = "2", ["blend_weight"] = "1", ["tolerance"] = "0", ["seed"] = "0",
            },
        };

        var silos = new HashSet<string>();
        await using var farm = await _farm.StartAsync(workers: 3);
        farm.TaskFinished += r => { lock (silos) silos.Add(r.Silo.Value); };

        var result = await farm.RenderAsync(spec, CancellationToken.None);

        Assert.Equal(JobState.Succeeded, result.Job.State);
        var seams = result.Metrics!.SeamError;
        // Each pair's error by its earlier frame, S for a seam: an outlier pair shows here.
        output.WriteLine($"pairs: {string.Join(" ", result.Metrics.PairErrors!.Select(p => $"{p.Frame}{(p.Seam ? "S" : "")}:{p.Error:E1}"))}");
        Assert.Equal((segments - 1, frames - segments), (seams.SeamPairs, seams.InsidePairs));
        // The same measure over each pass's frames shows how the sweeps carry the seams.
        var services = _farm.Services("measure");
        for (var pass = 1; pass <= 3; pass++)
        {
            var atPass = result.Job with { Spec = result.Job.Spec with { Passes = pass } };
            var measured = await JobSeamError.ComputeAsync(services, atPass, CancellationToken.None);
            output.WriteLine($"pass {pass}: {measured}");
            if (pass == 3) Assert.Equal(seams, measured);
        }
        // The farm's goal, 1.05, also at 2 iterations per pass (the goal is robust to iterations per pass). The last pass is
        // chained (each segment continues its upstream neighbour's sweep, its blend and temporal weights ramped down from 2m at
        // the seam, the blend's weights feathered), and a sweep's first frame at the shot's edge starts from the blend with the
        // next frame: 0.13 for 3 segments and 0.29 for 8 at 3 iterations, 0.22 for 8 at 2 here (7 December 2026; the shot's
        // first pair 1.2×, 2.7× and 1.6× the other inside pairs' mean, what is left being the clip's content there, README
        // Quality). With the ramp on the blend only and no edge blend 0.75, 0.47 and 0.61; before L-BFGS checked its final
        // step 0.62, 0.51, 0.38; with the blend ramp from m, 0.65 and 0.61 at 3 iterations; without the ramp 0.95 and 1.78,
        // without the feather 0.68 and 1.46 (those three before the edge blend and the temporal ramp).
        Assert.True(seams.Ratio is > 0 and <= 1.05, $"the seam ratio of the last pass is {seams.Ratio}");
        Assert.True(silos.Count > 1, "the tasks ran on one worker only");
        var decoded = await VideoProbe.ProbeAsync(_farm.PathOf("seams.mkv"));
        Assert.Equal(frames, decoded.FrameCount);
    }

    public void Dispose() => _farm.Dispose();
}
