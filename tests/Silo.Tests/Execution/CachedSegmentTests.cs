using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>A segment's later passes go to the silo that holds its flow: first when it asks, and kept for it a while when another asks.</summary>
public sealed class CachedSegmentTests : IAsyncLifetime
{
    private readonly TestFarm _media = new();
    private SteppedFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await SteppedFarm.StartAsync(_media);

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _media.Dispose();
    }

    [Fact]
    public async Task AWorkerIsHandedTheSegmentWhoseFlowItComputedBeforeAnOtherwiseEarlierOne()
    {
        var (job, _, b) = await PlanAndFlowAsync();

        var first = await SteppedFarm.RunNextAsync(b.Worker);

        Assert.Equal((TaskId.Stylize(job, 0, 1, 1), TaskRunStatus.Committed), (first.Task, first.Status));
    }

    [Fact]
    public async Task ASegmentsTaskWaitsForTheWorkerHoldingItsFlow_ThenAnotherWorkerTakesIt()
    {
        var (job, a, _) = await PlanAndFlowAsync();

        Assert.Equal(TaskId.Stylize(job, 0, 0, 1), (await SteppedFarm.RunNextAsync(a.Worker)).Task);
        // Segment 1's pass is ready, but b holds its flow: a gets nothing until the dispatcher's wait for b is over.
        Assert.Null(await a.Worker.RunOnceAsync(CancellationToken.None));
        _farm.Clock.Advance(new Grains.Cluster.DispatcherOptions().CacheAffinityWait);

        var second = await SteppedFarm.RunNextAsync(a.Worker);
        Assert.Equal((TaskId.Stylize(job, 0, 1, 1), TaskRunStatus.Committed), (second.Task, second.Status));
    }

    [Fact]
    public async Task AStylizeTaskRerunOnASiloThatFetchesItsFlowWritesTheSameBytes()
    {
        var (job, a, b) = await PlanAndFlowAsync();
        Assert.Equal(TaskRunStatus.Committed, (await SteppedFarm.RunNextAsync(b.Worker)).Status);
        var prefix = $"{ArtifactKey.JobPrefix(job)}shots/0000/segments/0001/pass/01/";
        var firstRun = await ReadAllAsync(prefix);
        var task = TaskRecord.New((await _farm.TaskAsync(TaskId.Stylize(job, 0, 1, 1))).Spec, _farm.Clock.GetUtcNow());

        // Silo a never computed segment 1's flow: it fetches it from the store into its cache.
        await new StylizeExecutor(a.Services, a.Models).ExecuteAsync(new TaskContext(await _farm.JobAsync(job), task), CancellationToken.None);

        Assert.True(a.Services.Cache.IsComplete(job, task.Spec.Segment!));
        Assert.Equal(2, firstRun.Count);
        var secondRun = await ReadAllAsync(prefix);
        Assert.Equal(firstRun.Keys, secondRun.Keys);
        foreach (var key in firstRun.Keys) Assert.Equal(firstRun[key], secondRun[key]);
    }

    // Plan on silo a; segment 0's flow on a and segment 1's on b; both segments' single pass ready.
    private async Task<(Grains.Jobs.JobId Job, Silo A, Silo B)> PlanAndFlowAsync()
    {
        var input = await ExecutionMedia.PanAsync(_media.PathOf("pan.mkv"), 4);
        var a = NewSilo("silo-a");
        var b = NewSilo("silo-b");
        var job = await _farm.SubmitAsync(TestFarm.Spec(input, _media.PathOf("out.mkv"), passes: 1, segmentLength: 2, halo: 1));
        Assert.Equal(TaskId.Plan(job), (await SteppedFarm.RunNextAsync(a.Worker)).Task);
        // Equal costs: the dispatch order alone hands out segment 0 first, every time, once both are offered.
        await WaitForOffersAsync(2);
        Assert.Equal(TaskId.Flow(job, 0, 0), (await SteppedFarm.RunNextAsync(a.Worker)).Task);
        Assert.Equal(TaskId.Flow(job, 0, 1), (await SteppedFarm.RunNextAsync(b.Worker)).Task);
        Assert.Equal([new SegmentRef(job, 0, 1)], b.Services.Cache.CachedSegments());
        await WaitForOffersAsync(2);
        return (job, a, b);
    }

    // Offers travel one way: wait (within a deadline) until the dispatcher holds this many.
    private async Task WaitForOffersAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Grains.Cluster.TaskOwners.Dispatcher(_farm.Grains).CountsAsync()).Waiting < count) await Task.Delay(20, deadline.Token);
    }

    private async Task<Dictionary<string, byte[]>> ReadAllAsync(string prefix)
    {
        var bytes = new Dictionary<string, byte[]>();
        await foreach (var artifact in _media.Artifacts.ListAsync(prefix)) bytes[artifact.Key.Value] = await _media.Artifacts.GetAsync(artifact.Key);
        return bytes;
    }

    private Silo NewSilo(string name)
    {
        var (worker, services, models) = _farm.NewWorker(name);
        return new Silo(worker, services, models);
    }

    private sealed record Silo(Worker.Worker Worker, ExecutionServices Services, StyleModels Models);
}
