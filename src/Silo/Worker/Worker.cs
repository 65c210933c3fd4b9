using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// A silo's worker on the grains: asks the dispatcher for a task with a short call, runs its executor outside any
/// grain call (minutes, cancellable), checks now and then that its attempt still holds, and finishes it with the
/// attempt's token, so an attempt taken back (its silo declared dead, its job cancelled) can never commit. Every
/// grain call has its own timeout.
/// </summary>
public sealed class Worker
{
    private readonly WorkerOptions _options;
    private readonly IGrainFactory _grains;
    private readonly string _siloAddress;
    private readonly IReadOnlyDictionary<TaskKind, ITaskExecutor> _executors;
    private readonly FlowCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly GrainJobReader _jobs;
    private readonly FlowCacheUpkeep _upkeep;
    private readonly StyleFarmMetrics? _metrics;
    private readonly StyleFarmTracing? _tracing;

    /// <summary>
    /// A worker of the silo at <paramref name="siloAddress"/> (its Orleans address with generation) running <paramref name="executors"/>;
    /// it records its tasks, frames and flow cache in <paramref name="metrics"/> and its tasks' spans in <paramref name="tracing"/> (the silo's; null: none).
    /// </summary>
    public Worker(WorkerOptions options, IGrainFactory grains, string siloAddress, IEnumerable<ITaskExecutor> executors, FlowCache cache,
        TimeProvider time, ILogger log, StyleFarmMetrics? metrics = null, StyleFarmTracing? tracing = null)
    {
        options.Validate();
        _options = options;
        _grains = grains;
        _siloAddress = siloAddress;
        _executors = executors.ToDictionary(e => e.Kind);
        _cache = cache;
        _time = time;
        _log = log;
        _jobs = new GrainJobReader(grains, options.CallTimeout);
        _upkeep = new FlowCacheUpkeep(cache, _jobs, options.FlowCacheBytes);
        _metrics = metrics;
        _tracing = tracing;
    }

    /// <summary>The silo's name.</summary>
    public string Silo => _options.Silo;

    /// <summary>What this worker offers.</summary>
    public Grains.Silos.WorkerCapabilities Capabilities => _options.Capabilities;

    /// <summary>Raised when an attempt ended.</summary>
    public event Action<TaskRunResult>? TaskFinished;

    /// <summary>Raised, synchronously on the computing thread, as a task's frames progress.</summary>
    public event Action<TaskId, Kernels.Stylize.RenderProgress>? Progress;

    /// <summary>Raised when a running attempt was found taken back (its job cancelled, its task abandoned) and is being stopped.</summary>
    public event Action<TaskId>? AttemptTakenBack;

    /// <summary>Asks for and runs tasks until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var observed = _metrics?.ObserveFlowCache(_cache.SizeBytes);
        while (!stop.IsCancellationRequested)
        {
            TaskRunResult? result;
            try
            {
                result = await RunOnceAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            if (result is not null) continue;
            try { await Task.Delay(_options.IdleWait, _time, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// Asks the dispatcher once; with a grant, runs the attempt to its end and tidies the flow cache. Null when there was
    /// nothing to do (or the dispatcher could not be reached).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="stop"/> was cancelled while asking or tidying.</exception>
    public async Task<TaskRunResult?> RunOnceAsync(CancellationToken stop)
    {
        WorkGrant? grant;
        try
        {
            grant = await TaskOwners.Dispatcher(_grains).RequestWorkAsync(new WorkRequest
            {
                Silo = _options.Silo,
                SiloAddress = _siloAddress,
                Capabilities = _options.Capabilities,
                CachedSegments = [.. _cache.CachedSegments()],
            }).WaitAsync(_options.CallTimeout, stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The dispatcher moving, its silo dying, the database restarting: ask again after an idle wait.
            _log.LogWarning("worker {Silo}: asking for work failed ({Error}); asking again", _options.Silo, e.Message);
            return null;
        }
        if (grant is null) return null;
        var telemetry = new TaskTelemetry(_metrics, _tracing, grant.Task, _options.Silo, _time);
        var result = await RunAttemptAsync(grant, telemetry, stop);
        telemetry.Ended(result);
        TaskFinished?.Invoke(result);
        try { await _upkeep.TidyAsync(grant.Task.Id.SegmentRef, stop); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning("worker {Silo}: tidying the flow cache failed: {Error}", _options.Silo, e.Message);
        }
        return result;
    }

    private async Task<TaskRunResult> RunAttemptAsync(WorkGrant grant, TaskTelemetry telemetry, CancellationToken stop)
    {
        var task = grant.Task;
        var owner = TaskOwners.Of(_grains, task.Id);
        var watch = Stopwatch.StartNew();
        var silo = new Grains.Silos.SiloId(_options.Silo);
        using var lost = new CancellationTokenSource();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stop, lost.Token);
        var watching = WatchHoldAsync(owner, grant, lost, running.Token);
        TaskOutcome? outcome = null;
        Exception? error = null;
        try
        {
            var job = await _jobs.GetJobAsync(task.Id.Job, running.Token)
                ?? throw new InvalidOperationException($"task {task.Id} belongs to job {task.Id.Job}, which has no grain state");
            if (!_executors.TryGetValue(task.Spec.Kind, out var executor))
                throw new InvalidOperationException($"silo {_options.Silo} has no executor for {task.Spec.Kind} tasks");
            telemetry.Started(job);
            var progress = new SynchronousProgress(value =>
            {
                telemetry.Report(value);
                Progress?.Invoke(task.Id, value);
            });
            outcome = await executor.ExecuteAsync(new TaskContext(job, task, progress), running.Token);
        }
        catch (Exception e)
        {
            error = e;
        }
        await lost.CancelAsync();
        await watching;
        if (error is OperationCanceledException && stop.IsCancellationRequested) return new TaskRunResult(task.Id, silo, TaskRunStatus.Stopped, watch.Elapsed);
        if (error is OperationCanceledException && !stop.IsCancellationRequested && !await HoldsAsync(owner, grant))
            return Lost(grant, silo, watch.Elapsed);
        var result = new AttemptResult
        {
            Task = task.Id,
            Token = grant.Token,
            Plan = error is null && task.Spec.Kind == TaskKind.Plan ? outcome!.Plan : null,
            Error = error is null ? null : Describe(error),
            Permanent = error is PermanentTaskException,
        };
        var recorded = await FinishAsync(owner, result, stop);
        if (recorded is null) return new TaskRunResult(task.Id, silo, TaskRunStatus.Stopped, watch.Elapsed);
        if (recorded == false) return Lost(grant, silo, watch.Elapsed, result.Error);
        var status = error is null ? TaskRunStatus.Committed : TaskRunStatus.Failed;
        return new TaskRunResult(task.Id, silo, status, watch.Elapsed, result.Error, status == TaskRunStatus.Committed ? outcome : null);
    }

    // The owner refused the attempt (taken back, cancelled, or forgotten when the owner moved): the dispatcher forgets it too.
    private TaskRunResult Lost(WorkGrant grant, Grains.Silos.SiloId silo, TimeSpan elapsed, string? error = null)
    {
        TaskOwners.Dispatcher(_grains).ReleasedAsync(grant.Token).Ignore();
        return new TaskRunResult(grant.Task.Id, silo, TaskRunStatus.LeaseLost, elapsed, error);
    }

    // While the executor runs: the attempt must still hold, or the work is pointless (cancelled job, attempt taken back).
    private async Task WatchHoldAsync(ITaskOwnerGrain owner, WorkGrant grant, CancellationTokenSource lost, CancellationToken running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.HoldCheckInterval, _time, running);
                if (!await HoldsAsync(owner, grant))
                {
                    _log.LogInformation("worker {Silo}: attempt of {Task} no longer holds; stopping it", _options.Silo, grant.Task.Id);
                    await lost.CancelAsync();
                    AttemptTakenBack?.Invoke(grant.Task.Id);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The task ended.
        }
    }

    // A failed check counts as holding: only the owner's "no" stops a task (the owner may be moving between silos).
    private async Task<bool> HoldsAsync(ITaskOwnerGrain owner, WorkGrant grant)
    {
        try { return await owner.HoldsAsync(grant.Task.Id, grant.Token).WaitAsync(_options.CallTimeout); }
        catch (Exception e) when (e is not OperationCanceledException) { return true; }
    }

    // The owner may be reactivating on another silo, or unable to write its state while the database restarts: the work is
    // done, so keep offering it, each call within its timeout, until the owner answers or the worker stops (null). The owner
    // undoes a change it could not store, so a repeated finish is never a double one. The first offer is not cut short by a
    // stop: the owner may already have committed it (its job then ends, and whoever watches the job stops the workers).
    private async Task<bool?> FinishAsync(ITaskOwnerGrain owner, AttemptResult result, CancellationToken stop)
    {
        var wait = TimeSpan.FromMilliseconds(100);
        for (var offer = 0; ; offer++)
        {
            try { return await owner.FinishAsync(result).WaitAsync(_options.CallTimeout, offer == 0 ? CancellationToken.None : stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return null; }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning("worker {Silo}: finishing {Task} failed ({Error}); trying again", _options.Silo, result.Task, e.Message);
            }
            try { await Task.Delay(wait, _time, stop); }
            catch (OperationCanceledException) { return null; }
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.FinishRetryCap.Ticks));
        }
    }

    // The message is stored and shown to users: a SAS URL's signature is hidden.
    private static string Describe(Exception error) =>
        MediaInput.Redact(error is PermanentTaskException ? error.Message : $"{error.GetType().Name}: {error.Message}");

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<Kernels.Stylize.RenderProgress> report) : IProgress<Kernels.Stylize.RenderProgress>
    {
        public void Report(Kernels.Stylize.RenderProgress value) => report(value);
    }
}
