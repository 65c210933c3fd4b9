using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Tests.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// Real executors driven by the grains: a <see cref="Worker.Worker"/> on each of two in-process silos of one cluster renders a job
/// to the same frames as one worker of an embedded farm renders the same spec.
/// </summary>
public sealed class WorkerTests : IAsyncLifetime
{
    private readonly TestFarm _media = new();
    private readonly GrainFarm _farm = new(silos: 2);

    public Task InitializeAsync() => _farm.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _media.Dispose();
    }

    [Fact]
    public async Task TwoSiloWorkersRenderAJobToTheFramesOneWorkerRenders()
    {
        var input = await ExecutionMedia.PanAsync(_media.PathOf("pan.mkv"), 8);
        var spec = TestFarm.Spec(input, _media.PathOf("grains.mkv"), passes: 2, segmentLength: 4, halo: 1);
        var reference = await _media.RenderAsync(spec with { Output = _media.PathOf("one.mkv") });
        Assert.Equal(JobState.Succeeded, reference.Job.State);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var finished = new List<TaskRunResult>();
        var workers = new List<Task>();
        var models = new List<StyleModels>();
        for (var i = 0; i < 2; i++)
        {
            var silo = _farm.Cluster.Silos[i];
            var services = _media.Services($"silo-{i}");
            var styleModels = new StyleModels(_media.Models, TorchSharp.torch.CPU);
            models.Add(styleModels);
            var worker = new Worker.Worker(new WorkerOptions { Silo = $"silo-{i}", Capabilities = TestWorker.Cpu, IdleWait = TimeSpan.FromMilliseconds(50) },
                _farm.Grains(silo), silo.SiloAddress.ToParsableString(), TaskExecutors.Create(services, styleModels), services.Cache,
                TimeProvider.System, NullLogger.Instance);
            worker.TaskFinished += r => { lock (finished) finished.Add(r); };
            workers.Add(Task.Run(() => worker.RunAsync(stop.Token)));
        }
        var job = _farm.Grains(_farm.Cluster.Silos[0]).GetGrain<IJobGrain>(JobId.New(TimeProvider.System).ToString());
        await job.SubmitAsync(spec);

        var done = await WaitForEndAsync(job, stop.Token);
        // The job ends inside the encode's finish call: let that worker hear the answer before stopping it.
        bool Encoded() { lock (finished) return finished.Any(r => r.Task.Kind == TaskKind.Encode); }
        while (!Encoded()) await Task.Delay(20, stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        foreach (var m in models) m.Dispose();

        Assert.Equal(JobState.Succeeded, done.State);
        // plan, 2 flows, 2 segments × 2 passes, encode: each committed once.
        Assert.Equal(8, finished.Count(r => r.Status == TaskRunStatus.Committed));
        var expected = await FramesAsync(_media.PathOf("one.mkv"));
        var actual = await FramesAsync(_media.PathOf("grains.mkv"));
        Assert.Equal(8, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Pixels, actual[i].Pixels);
    }

    private static async Task<Job> WaitForEndAsync(IJobGrain job, CancellationToken deadline)
    {
        while (true)
        {
            var current = (await job.GetAsync())!;
            if (current.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled) return current;
            await Task.Delay(100, deadline);
        }
    }

    private static async Task<List<RgbFrame>> FramesAsync(string path)
    {
        var reader = await VideoReader.OpenAsync(path);
        var frames = new List<RgbFrame>();
        await foreach (var frame in reader.ReadAsync(0, reader.Info.FrameCount)) frames.Add(frame);
        return frames;
    }
}
