using System.Runtime.Versioning;
using System.Text.Json;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;
using Xunit.Abstractions;

namespace StyleFarm.Client.Tests;

/// <summary>Multi-pass seams on a real farm: a shot split in segments that different silo processes render.</summary>
[SupportedOSPlatform("linux")]
[Collection(LocalFarm.Collection)]
public sealed class FarmSeamTests(LocalFarm farm, ITestOutputHelper output)
{
    [Fact]
    public async Task AShotInThreeSegmentsOnThreeSilosEndsItsLastPassWithASeamRatioBelow1Point2()
    {
        farm.Up();
        // 12 frames in 3 segments of 4 with a halo of 2; every weight pinned as in the one-process EmbeddedFarmTests, so presets may change.
        var id = farm.Submit(farm.Clip, farm.File("seams.mkv"), LocalFarm.StyleImage,
            "--passes", "3", "--segment-length", "4", "--halo", "2", "--iterations", "3", "--content-weight", "5", "--style-weight", "1e8",
            "--temporal-weight", "500", "--tv-weight", "1e-4", "--temporal-from-pass", "2", "--blend-weight", "1", "--tolerance", "0", "--seed", "0");

        // Follow the tasks while they run, to see which silos stylized the segments.
        var stylizedBy = new HashSet<string>();
        var job = await LocalFarm.PollAsync(async () =>
        {
            var tasks = await farm.TasksAsync(id);
            foreach (var task in tasks.Where(t => t is { Kind: TaskKind.Stylize, State: TaskState.Leased })) stylizedBy.Add(task.Silo!);
            var view = await farm.JobAsync(id);
            return view.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled ? view : null;
        }, TimeSpan.FromMinutes(4), $"job {id} ending");

        Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(id));
        Assert.Equal(3, (await farm.TasksAsync(id)).Count(t => t.Kind == TaskKind.Flow));
        var metrics = await JobMetricsArtifact.ReadAsync(farm.Artifacts(), JobId.Parse(id), CancellationToken.None);
        var seams = metrics!.SeamError;
        var status = StyleFarmCli.Run(["status", id, "--json", .. farm.Server]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var shown = JsonSerializer.Deserialize(status.Stdout, ApiJsonContext.Default.JobView)!;
        output.WriteLine($"seam ratio {shown.SeamRatio:0.000}: seam error {seams.SeamTemporalError:0.000000} over {seams.SeamPairs} pairs, " +
            $"inside error {seams.InsideTemporalError:0.000000} over {seams.InsidePairs} pairs; stylized by {string.Join(", ", stylizedBy.Order())}");

        Assert.Equal((12, 3, 3), (metrics.Frames, metrics.Segments, metrics.Passes));
        // Two seams (frames 3|4 and 7|8) and nine pairs inside segments.
        Assert.Equal((2, 9), (seams.SeamPairs, seams.InsidePairs));
        Assert.Equal(seams.Ratio, shown.SeamRatio);
        Assert.True(shown.SeamRatio is > 0 and < 1.2, $"the seam ratio of the last pass is {shown.SeamRatio}");
        Assert.True(stylizedBy.Count > 1, $"the stylize tasks ran on {string.Join(", ", stylizedBy)} only");
    }
}
