using Microsoft.Extensions.Time.Testing;
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
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 4);
        var coordinator = new Coordinator(_farm.Store, new TaskGraphBuilder(new TaskGraphOptions()), _clock);
        var (a, cacheA) = NewWorker("silo-a");
        var (b, cacheB) = NewWorker("silo-b");
        var job = await coordinator.SubmitAsync(TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 2, halo: 1), CancellationToken.None);
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
        Assert.Equal(TaskId.Plan(job.Id), (await a.RunOnceAsync(CancellationToken.None))!.Task);
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);

        // Equal costs: the lease order alone would hand out segment 0 first, every time.
        Assert.Equal(TaskId.Flow(job.Id, 0, 0), (await a.RunOnceAsync(CancellationToken.None))!.Task);
        Assert.Equal(TaskId.Flow(job.Id, 0, 1), (await b.RunOnceAsync(CancellationToken.None))!.Task);
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
        Assert.Equal([new SegmentRef(job.Id, 0, 1)], cacheB.CachedSegments());

        var first = await b.RunOnceAsync(CancellationToken.None);

        Assert.Equal((TaskId.Stylize(job.Id, 0, 1, 1), TaskRunStatus.Committed), (first!.Task, first.Status));
    }

    private (Worker.Worker Worker, FlowCache Cache) NewWorker(string silo)
    {
        var services = _farm.Services(silo);
        var models = new StyleModels(_farm.Models, Kernels.Torch.torch.CPU);
        _models.Add(models);
        var worker = new Worker.Worker(new WorkerOptions { Silo = new SiloId(silo), Lease = TestFarm.QuickLeases, CacheFolder = services.Cache.Folder },
            _farm.Store, new StoreJobReader(_farm.Store), TaskExecutors.Create(services, models), services.Cache, _clock);
        return (worker, services.Cache);
    }

    public void Dispose()
    {
        foreach (var models in _models) models.Dispose();
        _farm.Dispose();
    }
}
