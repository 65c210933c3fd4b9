using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>A segment's later passes go to the silo that holds its flow.</summary>
public sealed class CachedSegmentTests : IDisposable
{
    private readonly TestFarm _farm = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly List<StyleModels> _models = [];

    [Fact]
    public async Task AWorkerLeasesTheSegmentWhoseFlowItComputedBeforeAnOtherwiseEarlierOne()
    {
        var (job, _, b) = await PlanAndFlowAsync();

        var first = await b.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal((TaskId.Stylize(job.Id, 0, 1, 1), TaskRunStatus.Committed), (first!.Task, first.Status));
    }

    [Fact]
    public async Task AStylizeTaskRerunOnASiloThatFetchesItsFlowWritesTheSameBytes()
    {
        var (job, a, b) = await PlanAndFlowAsync();
        Assert.Equal(TaskRunStatus.Committed, (await b.Worker.RunOnceAsync(CancellationToken.None))!.Status);
        var prefix = $"{ArtifactKey.JobPrefix(job.Id)}shots/0000/segments/0001/pass/01/";
        var firstRun = await ReadAllAsync(prefix);
        var task = TaskRecord.New(_farm.Store.TaskOf(TaskId.Stylize(job.Id, 0, 1, 1)).Spec, _clock.GetUtcNow());

        // Silo a never computed segment 1's flow: it fetches it from the store into its cache.
        await new StylizeExecutor(a.Services, a.Models).ExecuteAsync(new TaskContext(_farm.Store.JobOf(job.Id), task), CancellationToken.None);

        Assert.True(a.Services.Cache.IsComplete(job.Id, task.Spec.Segment!));
        Assert.Equal(2, firstRun.Count);
        var secondRun = await ReadAllAsync(prefix);
        Assert.Equal(firstRun.Keys, secondRun.Keys);
        foreach (var key in firstRun.Keys) Assert.Equal(firstRun[key], secondRun[key]);
    }

    // Plan on silo a; segment 0's flow on a and segment 1's on b; both segments' single pass ready.
    private async Task<(Grains.Jobs.Job Job, Silo A, Silo B)> PlanAndFlowAsync()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 4);
        var coordinator = new Coordinator(_farm.Store, new TaskGraphBuilder(new TaskGraphOptions()), _clock);
        var a = NewSilo("silo-a");
        var b = NewSilo("silo-b");
        var job = await coordinator.SubmitAsync(TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 2, halo: 1), CancellationToken.None);
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
        Assert.Equal(TaskId.Plan(job.Id), (await a.Worker.RunOnceAsync(CancellationToken.None))!.Task);
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
        // Equal costs: the lease order alone hands out segment 0 first, every time.
        Assert.Equal(TaskId.Flow(job.Id, 0, 0), (await a.Worker.RunOnceAsync(CancellationToken.None))!.Task);
        Assert.Equal(TaskId.Flow(job.Id, 0, 1), (await b.Worker.RunOnceAsync(CancellationToken.None))!.Task);
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
        Assert.Equal([new SegmentRef(job.Id, 0, 1)], b.Services.Cache.CachedSegments());
        return (job, a, b);
    }

    private async Task<Dictionary<string, byte[]>> ReadAllAsync(string prefix)
    {
        var bytes = new Dictionary<string, byte[]>();
        await foreach (var artifact in _farm.Artifacts.ListAsync(prefix)) bytes[artifact.Key.Value] = await _farm.Artifacts.GetAsync(artifact.Key);
        return bytes;
    }

    private Silo NewSilo(string name)
    {
        var services = _farm.Services(name);
        var models = new StyleModels(_farm.Models, TorchSharp.torch.CPU);
        _models.Add(models);
        var worker = new Worker.Worker(new WorkerOptions { Silo = new SiloId(name), Lease = TestFarm.QuickLeases, CacheFolder = services.Cache.Folder },
            _farm.Store, new StoreJobReader(_farm.Store), TaskExecutors.Create(services, models), services.Cache, _clock);
        return new Silo(worker, services, models);
    }

    private sealed record Silo(Worker.Worker Worker, ExecutionServices Services, StyleModels Models);

    public void Dispose()
    {
        foreach (var models in _models) models.Dispose();
        _farm.Dispose();
    }
}
