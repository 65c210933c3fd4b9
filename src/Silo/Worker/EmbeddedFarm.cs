using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Telemetry;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// A whole farm in one process: one Orleans silo (<see cref="EmbeddedSilo"/>: the job, shot and dispatcher grains, their
/// state as files) and one or a few <see cref="Worker"/>s with the executors, over the given artifact store.
/// `stylefarm render` runs its job on one, so one machine and a farm share one code path; so do the tests that run
/// real executors.
/// </summary>
public sealed class EmbeddedFarm : IAsyncDisposable
{
    private readonly EmbeddedFarmOptions _options;
    private readonly OrleansNode _node;
    private readonly IArtifactStore _artifacts;
    private readonly ModelStore _models;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    private EmbeddedFarm(EmbeddedFarmOptions options, OrleansNode node, IArtifactStore artifacts, ModelStore models, TimeProvider time, ILogger log)
    {
        _options = options;
        _node = node;
        _artifacts = artifacts;
        _models = models;
        _time = time;
        _log = log;
    }

    /// <summary>Starts the farm's silo (its workers start with each run).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<EmbeddedFarm> StartAsync(EmbeddedFarmOptions options, IArtifactStore artifacts, ModelStore models, TimeProvider time,
        ILoggerFactory? logs = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        logs ??= NullLoggerFactory.Instance;
        // Workers in one process share one machine: blocklisting one would only stall the job, never route around a bad node.
        var lease = options.Lease with { BlocklistAfterFailures = int.MaxValue };
        var node = await EmbeddedSilo.StartAsync(options.GrainStateFolder, lease, logs, cancellationToken, options.Graph, options.Capabilities, time).ConfigureAwait(false);
        // Recorded as on a farm's silo; an embedded farm registers no exporter, so nothing leaves the process.
        artifacts = new MeteredArtifactStore(artifacts, node.Services.GetRequiredService<StyleFarmMetrics>());
        return new EmbeddedFarm(options, node, artifacts, models, time, logs.CreateLogger("StyleFarm.Silo.Embedded"));
    }

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _node.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's meter, which its grains and workers record in (tests subscribe to it).</summary>
    public StyleFarmMetrics Metrics => _node.Services.GetRequiredService<StyleFarmMetrics>();

    /// <summary>The grain of job <paramref name="id"/>.</summary>
    public IJobGrain Job(JobId id) => Grains.GetGrain<IJobGrain>(id.ToString());

    /// <summary>Raised when a worker's task ended.</summary>
    public event Action<TaskRunResult>? TaskFinished;

    /// <summary>Raised, on the computing thread, as frames progress.</summary>
    public event Action<TaskId, RenderProgress>? Progress;

    /// <summary>Raised when a worker found its running attempt taken back and is stopping it.</summary>
    public event Action<TaskId>? AttemptTakenBack;

    /// <summary>Called once per run, when the run first sees its job planned (before it checks the workers can run every task).</summary>
    public Func<Job, Task>? OnPlanned { get; set; }

    /// <summary>Every task of <paramref name="id"/>, in id order (empty for an unknown job).</summary>
    public async Task<IReadOnlyList<TaskRecord>> TasksAsync(JobId id) =>
        await _node.Services.GetRequiredService<JobTaskList>().ReadAsync(id).ConfigureAwait(false) ?? [];

    /// <summary>Submits <paramref name="spec"/> and runs it to its end.</summary>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    /// <exception cref="InvalidOperationException">A task of the planned job needs more (a GPU, memory) than the workers offer; the job is cancelled.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the job is cancelled (resumable with <see cref="IJobGrain.ResumeAsync"/>).</exception>
    public async Task<EmbeddedRunResult> RenderAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var id = JobId.New(_time);
        await Job(id).SubmitAsync(spec).ConfigureAwait(false);
        return await RunAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs job <paramref name="id"/> (new, running or resumed) with the workers until it leaves Submitted, Planning and Running.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    /// <exception cref="InvalidOperationException">A task of the planned job needs more (a GPU, memory) than the workers offer; the job is cancelled.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the job is cancelled (resumable with <see cref="IJobGrain.ResumeAsync"/>).</exception>
    public async Task<EmbeddedRunResult> RunAsync(JobId id, CancellationToken cancellationToken)
    {
        var grain = Job(id);
        _ = await grain.GetAsync().ConfigureAwait(false) ?? throw new KeyNotFoundException($"job {id} does not exist");
        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var crew = Enumerable.Range(1, _options.Workers).Select(NewWorker).ToList();
        var running = crew.Select(c => Task.Run(() => c.Worker.RunAsync(stopWorkers.Token), CancellationToken.None)).ToList();
        Job job;
        try
        {
            job = await WatchAsync(grain, running, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled in its grain, so its attempts are refused and a resume can start at once.
            if (await grain.GetAsync().ConfigureAwait(false) is { } stored && JobStateMachine.Active.Contains(stored.State))
                await grain.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await stopWorkers.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
            foreach (var c in crew) c.Models.Dispose();
        }
        foreach (var c in crew) c.Cache.Evict(id);
        var metrics = job.State == JobState.Succeeded
            ? await JobMetricsArtifact.ReadAsync(_artifacts, id, cancellationToken).ConfigureAwait(false)
            : null;
        var permanent = job.State == JobState.Failed && (await grain.StatusAsync().ConfigureAwait(false))?.Progress.FirstFailure?.Permanent == true;
        return new EmbeddedRunResult(job, metrics, permanent);
    }

    /// <summary>Leaves the cluster and stops the silo (the grain state stays in its folder).</summary>
    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private async Task<Job> WatchAsync(IJobGrain grain, IReadOnlyList<Task> workers, CancellationToken cancellationToken)
    {
        var planned = false;
        while (true)
        {
            var job = (await grain.GetAsync().ConfigureAwait(false))!;
            if (!planned && job.Plan is not null)
            {
                planned = true;
                if (OnPlanned is { } onPlanned) await onPlanned(job).ConfigureAwait(false);
                await RefuseWhatNoWorkerCanRunAsync(grain, job).ConfigureAwait(false);
            }
            if (!JobStateMachine.Active.Contains(job.State)) return job;
            // A worker that ended by itself failed: say why instead of waiting forever.
            if (workers.FirstOrDefault(w => w.IsCompleted) is { } ended) await ended.ConfigureAwait(false);
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // A task no worker here can run would wait forever; say so (and cancel the job, so it resumes once the settings fit).
    private async Task RefuseWhatNoWorkerCanRunAsync(IJobGrain grain, Job job)
    {
        // The job grain fails such a job at planning when it knows the workers; this catches what it could not see.
        if (!JobStateMachine.Active.Contains(job.State)) return;
        var misfit = new TaskGraphBuilder(_options.Graph).Build(job.Id, job.Spec, job.Plan!).Tasks
            .FirstOrDefault(t => !t.Requirements.IsSatisfiedBy(_options.Capabilities));
        if (misfit is null) return;
        await grain.CancelAsync().ConfigureAwait(false);
        var needs = misfit.Requirements;
        var offered = _options.Capabilities;
        throw new InvalidOperationException(needs.NeedsGpu && offered.Gpus == 0
            ? $"task {misfit.Id.Key} of job {job.Id} needs a GPU, but this machine's workers have none: submit the job without RequireGpu or run it on a GPU silo; the job was cancelled"
            : $"task {misfit.Id.Key} of job {job.Id} needs {needs.MemoryBytes / (1 << 20)} MiB of {(needs.NeedsGpu ? "GPU " : "")}memory at {job.Plan!.Width}×{job.Plan.Height}, " +
              $"but a worker here offers {(needs.NeedsGpu ? offered.GpuMemoryBytes : offered.MemoryBytes) / (1 << 20)} MiB: render at a smaller size (width and height parameters); the job was cancelled");
    }

    private (Worker Worker, FlowCache Cache, StyleModels Models) NewWorker(int n)
    {
        var name = _options.Workers == 1 ? _options.SiloName : $"{_options.SiloName}-{n}";
        var folder = _options.Workers == 1 ? _options.Folder : Path.Combine(_options.Folder, name);
        var cache = new FlowCache(Path.Combine(folder, "flow"));
        var models = new StyleModels(_models, device(_options.Device));
        var services = new ExecutionServices(_artifacts, cache, _models, _options.Device, Path.Combine(folder, "work"), _options.ShotDetector, _options.Paths);
        var address = _node.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
        var worker = new Worker(new WorkerOptions { Silo = name, Capabilities = _options.Capabilities, IdleWait = _options.PollInterval, HoldCheckInterval = _options.HoldCheckInterval },
            Grains, address, TaskExecutors.Create(services, models), cache, _time, _log, Metrics, _node.Services.GetRequiredService<StyleFarmTracing>());
        worker.TaskFinished += result => TaskFinished?.Invoke(result);
        worker.Progress += (task, value) => Progress?.Invoke(task, value);
        worker.AttemptTakenBack += task => AttemptTakenBack?.Invoke(task);
        return (worker, cache, models);
    }
}
