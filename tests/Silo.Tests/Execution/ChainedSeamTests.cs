using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// The seams of a 4-pass job, whose last pass is a forward chained sweep starting at the shot's first frame (the plan
/// bench/quality.sh measures), at the fewest iterations per pass: issue 8 asks ≤ 1.05 whatever the iterations per pass.
/// </summary>
public sealed class ChainedSeamTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task EightSegmentsOfAFourPassPreviewJobAtTwoIterationsPerPassKeepTheirSeamsBelowTheGoal()
    {
        const int segments = 8, frames = 4 * segments;
        // bench/quality.sh's seam input: a pan with a slight zoom-out, so new content enters every frame (ExecutionMedia's plain pan
        // passed at 0.93 without the fix below).
        var photo = ImageFile.Read(Path.Combine(ExecutionMedia.DataFolder, "fruits.jpg"));
        var sequence = SyntheticSequences.PanZoom(photo, ExecutionMedia.Width, ExecutionMedia.Height, frames, 4, 2, 2, scale: 2);
        Directory.CreateDirectory(_farm.PathOf("panzoom"));
        for (var t = 0; t < frames; t++) ImageFile.Write(_farm.PathOf($"panzoom/{t:D5}.png"), sequence.Frame(t));
        var input = _farm.PathOf("panzoom/%05d.png");
        // The preview preset's weights today, pinned so that recalibrating presets does not move this figure.
        var spec = TestFarm.Spec(input, _farm.PathOf("seams.mkv"), passes: 4, segmentLength: 4, halo: 2, iterations: 2) with
        {
            Parameters = new Dictionary<string, string>
            {
                ["iterations"] = "2", ["content_weight"] = "5", ["style_weight"] = "1e8", ["temporal_weight"] = "500", ["tv_weight"] = "1e-4",
                ["temporal_from_pass"] = "2", ["blend_weight"] = "1", ["tolerance"] = "0", ["seed"] = "0",
            },
        };

        var result = await _farm.RenderAsync(spec, workers: 2);

        Assert.Equal(JobState.Succeeded, result.Job.State);
        var seams = result.Metrics!.SeamError;
        output.WriteLine($"{seams}; pairs: {string.Join(" ", result.Metrics.PairErrors!.Select(p => $"{p.Frame}{(p.Seam ? "S" : "")}:{p.Error:E1}"))}");
        Assert.Equal((segments - 1, frames - segments), (seams.SeamPairs, seams.InsidePairs));
        // At 2 iterations per pass the shot's first segment (where the last sweep starts) stays far less converged than the
        // next (loss about 15 against 4); with the ramp on the blend only, the first seam frame took that whole jump in its one
        // pair (4.4e-3 against ≤ 7.9e-4 elsewhere, ratio 2.63); the ramp on the temporal weight too spreads it: 0.81.
        Assert.True(seams.Ratio is > 0 and <= 1.05, $"the seam ratio of the last pass is {seams.Ratio}");
    }

    public void Dispose() => _farm.Dispose();
}
