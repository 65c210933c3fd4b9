using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// One in-process silo whose grains run on a fake clock, and workers a test drives one attempt at a time
/// (<see cref="RunNextAsync"/>): retries wait for the clock, and nothing runs unless the test asks.
/// </summary>
public sealed class SteppedFarm : IAsyncDisposable
{
    private readonly OrleansNode _node;
    private readonly List<StyleModels> _models = [];

    private SteppedFarm(OrleansNode node, TestFarm media, FakeTimeProvider clock)
    {
        _node = node;
        Media = media;
        Clock = clock;
    }

    public TestFarm Media { get; }

    /// <summary>The grains' and the workers' clock (Orleans' own timers keep the real one).</summary>
    public FakeTimeProvider Clock { get; }

    public IGrainFactory Grains => _node.Services.GetRequiredService<IGrainFactory>();

    public static async Task<SteppedFarm> StartAsync(TestFarm media)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var node = await EmbeddedSilo.StartAsync(media.PathOf($"grains-{Guid.NewGuid():N}"), TestFarm.QuickLeases, NullLoggerFactory.Instance,
            CancellationToken.None, clock: clock);
        return new SteppedFarm(node, media, clock);
    }

    /// <summary>A worker named <paramref name="name"/> with its own flow cache, and its services.</summary>
    public (Worker.Worker Worker, ExecutionServices Services, StyleModels Models) NewWorker(string name)
    {
        var services = Media.Services(name);
        var models = new StyleModels(Media.Models, TorchSharp.torch.CPU);
        _models.Add(models);
        var address = _node.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
        var worker = new Worker.Worker(new WorkerOptions { Silo = name, Capabilities = new(0, 0, 64L << 30) }, Grains, address,
            TaskExecutors.Create(services, models), services.Cache, Clock, NullLogger.Instance);
        return (worker, services, models);
    }

    public async Task<JobId> SubmitAsync(JobSpec spec)
    {
        var id = JobId.New(TimeProvider.System);
        await Grains.GetGrain<IJobGrain>(id.ToString()).SubmitAsync(spec);
        return id;
    }

    public async Task<Job> JobAsync(JobId id) => (await Grains.GetGrain<IJobGrain>(id.ToString()).GetAsync())!;

    public async Task<TaskRecord> TaskAsync(TaskId id) =>
        (await _node.Services.GetRequiredService<JobTaskList>().ReadAsync(id.Job))!.Single(t => t.Id == id);

    /// <summary>
    /// The worker's next attempt, run to its end: offers travel one way, so a task readied by the last commit reaches the
    /// dispatcher a moment later; asks until one is granted, within a deadline.
    /// </summary>
    public static async Task<TaskRunResult> RunNextAsync(Worker.Worker worker)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await worker.RunOnceAsync(CancellationToken.None) is { } result) return result;
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>Runs attempts on <paramref name="worker"/> until job <paramref name="id"/> has ended; returns it then.</summary>
    public async Task<Job> RunToTheEndAsync(Worker.Worker worker, JobId id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            var job = await JobAsync(id);
            if (!JobStateMachine.Active.Contains(job.State)) return job;
            // A retry's backoff waits for this clock.
            if (await worker.RunOnceAsync(CancellationToken.None) is null)
            {
                Clock.Advance(TestFarm.QuickLeases.BackoffCap);
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        foreach (var models in _models) models.Dispose();
    }
}
