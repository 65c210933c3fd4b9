using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The encode task: every segment's last pass, in frame order, into the output, with the job's metrics.</summary>
public sealed class EncodeExecutorTests : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task ABlobOutputIsEncodedInFrameOrderIntoItsArtifactWithTheJobsMetrics()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 6);
        float[] levels = [0.1f, 0.2f, 0.3f, 0.6f, 0.7f, 0.8f];
        var spec = TestFarm.Spec(input, "https://films.example/renders/grey.mkv", passes: 2, segmentLength: 3, halo: 1);
        var job = await FinishedJob.WriteAsync(_farm, spec, levels, 64, 48);
        var encode = new TaskGraphBuilder(new TaskGraphOptions()).Build(job.Id, spec, job.Plan!).Tasks.Single(t => t.Kind == TaskKind.Encode);
        var services = _farm.Services();

        var outcome = await new EncodeExecutor(services).ExecuteAsync(new TaskContext(job, TaskRecord.New(encode, DateTimeOffset.UnixEpoch)), CancellationToken.None);

        var video = _farm.PathOf("downloaded.mkv");
        await File.WriteAllBytesAsync(video, await _farm.Artifacts.GetAsync(ArtifactKey.Output(job.Id, "grey.mkv")));
        var reader = VideoReader.Open(video);
        var decoded = new List<RgbFrame>();
        await foreach (var frame in reader.ReadAsync(0, reader.Info.FrameCount)) decoded.Add(frame);
        // FFV1 is lossless: each frame is its 16-bit stored level rounded to 8 bits.
        Assert.Equal(levels.Select(v => (byte)Math.Round((ushort)Math.Round(v * 65535f) / 65535f * 255f)).ToArray(),
            decoded.Select(f => Assert.Single(f.Pixels.Distinct())).ToArray());
        Assert.Equal(new FrameRate(25), reader.Info.FrameRate);
        var metrics = outcome.Metrics!;
        Assert.Equal((6, 2, 2, 1, 4), (metrics.Frames, metrics.Segments, metrics.Passes, metrics.SeamError.SeamPairs, metrics.SeamError.InsidePairs));
        var stored = (await JobMetricsArtifact.ReadAsync(_farm.Artifacts, job.Id, CancellationToken.None))!;
        // The record holds a list (compared by reference): compare the figures, then each pair's error.
        Assert.Equal(metrics with { PairErrors = null }, stored with { PairErrors = null });
        Assert.Equal(5, metrics.PairErrors!.Count);
        Assert.Equal(metrics.PairErrors, stored.PairErrors!);
        Assert.Equal([false, false, true, false, false], stored.PairErrors!.Select(p => p.Seam));
        Assert.Empty(Directory.EnumerateFileSystemEntries(services.WorkFolder));
    }

    public void Dispose() => _farm.Dispose();
}
