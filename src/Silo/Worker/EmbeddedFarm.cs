using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// A whole farm in one process: the Grains <see cref="Coordinator"/>, a <see cref="LeaseSweeper"/> and
/// one (or a few) <see cref="Worker"/>s against the given task store and artifact store, running a job
/// until it succeeds or fails. `stylefarm render` runs through it with SQLite and a local folder, so one
/// machine and a farm share one code path. The coordinator advances the job after every finished task
/// and wakes the workers; both also poll as a fallback.
/// </summary>
public sealed class EmbeddedFarm
{
    private readonly EmbeddedFarmOptions _options;
    private readonly ICoordinatorStore _coordinatorStore;
    private readonly ILeaseStore _leaseStore;
    private readonly IArtifactStore _artifacts;
    private readonly ModelStore _models;
    private readonly TimeProvider _time;
    private readonly LeaseSweeper _sweeper;

    /// <summary>A farm over one task store (coordinator, lease and sweeper sides) and one artifact store.</summary>
    /// <param name="options">Workers, folders, leases, device.</param>
    /// <param name="coordinatorStore">The coordinator's side of the task store.</param>
    /// <param name="leaseStore">The workers' side of the same store.</param>
    /// <param name="sweeperStore">The sweeper's side of the same store.</param>
    /// <param name="artifacts">Where frames, flows and outputs go.</param>
    /// <param name="models">Installed network weights.</param>
    /// <param name="time">The clock of leases and polls.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public EmbeddedFarm(EmbeddedFarmOptions options, ICoordinatorStore coordinatorStore, ILeaseStore leaseStore, ILeaseSweeperStore sweeperStore,
        IArtifactStore artifacts, ModelStore models, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _coordinatorStore = coordinatorStore;
        _leaseStore = leaseStore;
        _artifacts = artifacts;
        _models = models;
        _time = time;
        Coordinator = new Coordinator(coordinatorStore, new TaskGraphBuilder(options.Graph), time);
        _sweeper = new LeaseSweeper(sweeperStore, new RetryPolicy(options.Lease), new SiloHealth(new SiloHealthOptions()), time);
    }

    /// <summary>A farm over <paramref name="store"/>, which implements every side of the task store.</summary>
    public static EmbeddedFarm Over<TStore>(EmbeddedFarmOptions options, TStore store, IArtifactStore artifacts, ModelStore models, TimeProvider time)
        where TStore : ICoordinatorStore, ILeaseStore, ILeaseSweeperStore =>
        new(options, store, store, store, artifacts, models, time);

    /// <summary>The coordinator (submit, cancel, resume jobs).</summary>
    public Coordinator Coordinator { get; }

    /// <summary>Raised when a worker's task ended.</summary>
    public event Action<TaskRunResult>? TaskFinished;

    /// <summary>Raised, on the computing thread, as frames progress.</summary>
    public event Action<TaskId, RenderProgress>? Progress;

    /// <summary>Raised when a worker could not ask the store for work (it retries after a poll interval).</summary>
    public event Action<Exception>? WorkerError;

    /// <summary>Submits <paramref name="spec"/> and runs it to its end.</summary>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    /// <exception cref="InvalidOperationException">A task of the planned job needs more (a GPU, memory) than the workers offer; the job is cancelled.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the job is cancelled in the store (resumable with <see cref="Coordinator.ResumeAsync"/>).</exception>
    public async Task<EmbeddedRunResult> RenderAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var job = await Coordinator.SubmitAsync(spec, cancellationToken).ConfigureAwait(false);
        return await RunAsync(job.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the stored job <paramref name="id"/> (new or resumed) until it leaves Submitted, Planning and Running.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    /// <exception cref="InvalidOperationException">A task of the planned job needs more (a GPU, memory) than the workers offer; the job is cancelled.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the job is cancelled in the store (resumable with <see cref="Coordinator.ResumeAsync"/>).</exception>
    public async Task<EmbeddedRunResult> RunAsync(JobId id, CancellationToken cancellationToken)
    {
        var finished = new WorkSignal();
        var work = new WorkSignal();
        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var crew = Enumerable.Range(1, _options.Workers).Select(n => NewWorker(n, work, finished)).ToList();
        var running = crew.Select(c => Task.Run(() => c.Worker.RunAsync(stopWorkers.Token), CancellationToken.None)).ToList();
        Job job;
        try
        {
            job = await CoordinateAsync(id, work, finished, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled in the store, so its leases are taken back and a resume can start at once.
            var stored = await _coordinatorStore.GetJobAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (stored is not null && JobStateMachine.Active.Contains(stored.State))
                await Coordinator.CancelAsync(id, CancellationToken.None).ConfigureAwait(false);
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
        return new EmbeddedRunResult(job, metrics);
    }

    private async Task<Job> CoordinateAsync(JobId id, WorkSignal work, WorkSignal finished, CancellationToken cancellationToken)
    {
        var checkedFit = false;
        while (true)
        {
            var seen = finished.Version;
            var job = await Coordinator.AdvanceAsync(id, cancellationToken).ConfigureAwait(false);
            if (!JobStateMachine.Active.Contains(job.State)) return job;
            if (!checkedFit && job.State == JobState.Running)
            {
                await RefuseWhatNoWorkerCanRunAsync(job).ConfigureAwait(false);
                checkedFit = true;
            }
            await _sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
            work.Notify();
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tick = Task.Delay(_options.CoordinatorInterval, _time, waiting.Token);
            await Task.WhenAny(tick, finished.WaitAsync(seen, waiting.Token)).ConfigureAwait(false);
            await waiting.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // A task no worker here can lease would wait forever; say so (and cancel the job, so it resumes once the settings fit).
    private async Task RefuseWhatNoWorkerCanRunAsync(Job job)
    {
        var misfit = new TaskGraphBuilder(_options.Graph).Build(job.Id, job.Spec, job.Plan!).Tasks
            .FirstOrDefault(t => !t.Requirements.IsSatisfiedBy(_options.Capabilities));
        if (misfit is null) return;
        await Coordinator.CancelAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
        var needs = misfit.Requirements;
        var offered = _options.Capabilities;
        throw new InvalidOperationException(needs.NeedsGpu && offered.Gpus == 0
            ? $"task {misfit.Id.Key} of job {job.Id} needs a GPU, but this machine's workers have none: submit the job without RequireGpu or run it on a GPU silo; the job was cancelled"
            : $"task {misfit.Id.Key} of job {job.Id} needs {needs.MemoryBytes / (1 << 20)} MiB of {(needs.NeedsGpu ? "GPU " : "")}memory at {job.Plan!.Width}×{job.Plan.Height}, " +
              $"but a worker here offers {(needs.NeedsGpu ? offered.GpuMemoryBytes : offered.MemoryBytes) / (1 << 20)} MiB: render at a smaller size (width and height parameters); the job was cancelled");
    }

    private (Worker Worker, FlowCache Cache, StyleModels Models) NewWorker(int n, IWorkSignal work, WorkSignal finished)
    {
        var name = _options.Workers == 1 ? _options.SiloName : $"{_options.SiloName}-{n}";
        var folder = _options.Workers == 1 ? _options.Folder : Path.Combine(_options.Folder, name);
        var cache = new FlowCache(Path.Combine(folder, "flow"));
        var models = new StyleModels(_models, device(_options.Device));
        var services = new ExecutionServices(_artifacts, cache, _models, _options.Device, Path.Combine(folder, "work"), _options.ShotDetector);
        var options = new WorkerOptions
        {
            Silo = new SiloId(name),
            Capabilities = _options.Capabilities,
            PollInterval = _options.PollInterval,
            // Workers in one process share one machine: blocklisting one would only stall the job, never route around a bad node.
            Lease = _options.Lease with { BlocklistAfterFailures = int.MaxValue },
            CacheFolder = cache.Folder,
        };
        var worker = new Worker(options, _leaseStore, new StoreJobReader(_coordinatorStore), TaskExecutors.Create(services, models), cache, _time, work);
        worker.TaskFinished += result =>
        {
            TaskFinished?.Invoke(result);
            finished.Notify();
        };
        worker.Progress += (task, value) => Progress?.Invoke(task, value);
        worker.LoopError += e => WorkerError?.Invoke(e);
        return (worker, cache, models);
    }
}
