using System.Diagnostics;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// The worker role of a silo (DESIGN.md, execution model): lease a ready task (segments whose flow this
/// silo caches first, see <see cref="LeaseOrder"/>), run its executor while a heartbeat renews the lease
/// every <see cref="LeaseOptions.HeartbeatInterval"/>, then commit it, or report the failure. When the
/// lease is lost the task is stopped and its work discarded (its artifacts are keyed deterministically, so
/// whoever runs it next overwrites them). When there is nothing to lease the worker waits for the
/// <see cref="IWorkSignal"/> or its poll interval, on its <see cref="TimeProvider"/>.
/// </summary>
public sealed class Worker
{
    private readonly WorkerOptions _options;
    private readonly ILeaseStore _leases;
    private readonly IJobReader _jobs;
    private readonly IReadOnlyDictionary<TaskKind, ITaskExecutor> _executors;
    private readonly FlowCache _cache;
    private readonly TimeProvider _time;
    private readonly IWorkSignal? _signal;
    private readonly LeaseTerms _terms;
    private readonly RetryPolicy _retry;
    private readonly FlowCacheUpkeep _upkeep;

    /// <summary>A worker that leases from <paramref name="leases"/> and runs tasks with <paramref name="executors"/> (one per kind).</summary>
    /// <param name="options">Silo, capabilities, poll interval, lease terms.</param>
    /// <param name="leases">The task store.</param>
    /// <param name="jobs">Reads the job of a leased task.</param>
    /// <param name="executors">One executor for each task kind the worker runs.</param>
    /// <param name="cache">This silo's flow cache, whose segments are preferred when leasing.</param>
    /// <param name="time">The clock of leases, heartbeats and polls.</param>
    /// <param name="signal">Wakes the worker when work may be ready; null to rely on polling.</param>
    /// <exception cref="ArgumentException">The options are invalid, or two executors run the same kind.</exception>
    public Worker(WorkerOptions options, ILeaseStore leases, IJobReader jobs, IEnumerable<ITaskExecutor> executors, FlowCache cache,
        TimeProvider time, IWorkSignal? signal = null)
    {
        options.Validate();
        _options = options;
        _leases = leases;
        _jobs = jobs;
        var byKind = new Dictionary<TaskKind, ITaskExecutor>();
        foreach (var executor in executors)
            if (!byKind.TryAdd(executor.Kind, executor))
                throw new ArgumentException($"two executors run {executor.Kind} tasks: give one per kind", nameof(executors));
        _executors = byKind;
        _cache = cache;
        _time = time;
        _signal = signal;
        _terms = new LeaseTerms(options.Lease, time);
        _retry = new RetryPolicy(options.Lease);
        _upkeep = new FlowCacheUpkeep(cache, jobs, options.FlowCacheBytes);
    }

    /// <summary>The silo this worker runs on.</summary>
    public Grains.Silos.SiloId Silo => _options.Silo;

    /// <summary>Raised when a leased task ended (committed, failed, lost or abandoned).</summary>
    public event Action<TaskRunResult>? TaskFinished;

    /// <summary>Raised, synchronously on the computing thread, as a task's frames progress.</summary>
    public event Action<TaskId, RenderProgress>? Progress;

    /// <summary>Raised when asking the store for work, or tidying the flow cache between tasks, failed (the loop goes on).</summary>
    public event Action<Exception>? LoopError;

    /// <summary>Leases and runs tasks until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var seen = _signal?.Version ?? 0;
            TaskRunResult? result;
            try
            {
                result = await RunOnceAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LoopError?.Invoke(e);
                result = null;
            }
            if (result is null && !await WaitForWorkAsync(seen, stop).ConfigureAwait(false)) return;
        }
    }

    /// <summary>Leases one task and runs it to its end; null when no task was ready for this silo.</summary>
    public async Task<TaskRunResult?> RunOnceAsync(CancellationToken stop)
    {
        var request = _terms.Request(_options.Silo, _options.Capabilities, _cache.CachedSegments());
        var task = await _leases.TryLeaseAsync(request, stop).ConfigureAwait(false);
        if (task is null) return null;
        var result = await RunLeasedAsync(task, stop).ConfigureAwait(false);
        TaskFinished?.Invoke(result);
        await TidyCacheAsync(task.Id.SegmentRef, stop).ConfigureAwait(false);
        return result;
    }

    private async Task<TaskRunResult> RunLeasedAsync(TaskRecord task, CancellationToken stop)
    {
        var lease = task.Lease ?? throw new InvalidOperationException($"the store returned task {task.Id} without a lease");
        var watch = Stopwatch.StartNew();
        using var lost = new CancellationTokenSource();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stop, lost.Token);
        var heartbeat = new LeaseHeartbeat(_leases, _terms, lease, _time, lost.Cancel);
        TaskOutcome? outcome = null;
        Exception? error = null;
        try
        {
            outcome = await ExecuteAsync(task, running.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            await heartbeat.StopAsync().ConfigureAwait(false);
        }
        if (heartbeat.Lost) return new TaskRunResult(task.Id, _options.Silo, TaskRunStatus.LeaseLost, watch.Elapsed);
        // A stopping worker abandons its task; the lease expires and the sweeper offers the task again.
        if (error is OperationCanceledException && stop.IsCancellationRequested) return new TaskRunResult(task.Id, _options.Silo, TaskRunStatus.Stopped, watch.Elapsed);
        var now = _time.GetUtcNow();
        if (error is null)
        {
            var plan = task.Spec.Kind == TaskKind.Plan ? outcome!.Plan : null;
            var committed = await _leases.CommitAsync(lease.Token, now, plan, CancellationToken.None).ConfigureAwait(false);
            return new TaskRunResult(task.Id, _options.Silo, committed ? TaskRunStatus.Committed : TaskRunStatus.LeaseLost, watch.Elapsed,
                Outcome: committed ? outcome : null);
        }
        var message = Describe(error);
        var failure = _retry.OnFailure(task, FailureCause.Error, message, now);
        // Bad input stays bad: fail the task (and so its job) now rather than after every retry.
        if (error is PermanentTaskException) failure = failure with { NextState = TaskState.Failed, NotBefore = null };
        var recorded = await _leases.FailAsync(failure, CancellationToken.None).ConfigureAwait(false);
        return new TaskRunResult(task.Id, _options.Silo, recorded ? TaskRunStatus.Failed : TaskRunStatus.LeaseLost, watch.Elapsed, message);
    }

    private async Task<TaskOutcome> ExecuteAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        var job = await _jobs.GetJobAsync(task.Id.Job, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"task {task.Id} belongs to job {task.Id.Job}, which the store does not hold");
        if (!_executors.TryGetValue(task.Spec.Kind, out var executor))
            throw new InvalidOperationException($"silo {_options.Silo} has no executor for {task.Spec.Kind} tasks: it should not lease task {task.Id.Key}");
        var progress = Progress is null ? null : new SynchronousProgress(value => Progress?.Invoke(task.Id, value));
        var outcome = await executor.ExecuteAsync(new TaskContext(job, task, progress), cancellationToken).ConfigureAwait(false);
        if (task.Spec.Kind == TaskKind.Plan && outcome.Plan is null)
            throw new InvalidOperationException($"the plan executor finished task {task.Id} without a plan");
        return outcome;
    }

    // Between tasks, so no executor reads a file being deleted; a failure only delays the tidy to the next task.
    private async Task TidyCacheAsync(SegmentRef? justUsed, CancellationToken stop)
    {
        try
        {
            await _upkeep.TidyAsync(justUsed, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LoopError?.Invoke(e);
        }
    }

    private async Task<bool> WaitForWorkAsync(long seen, CancellationToken stop)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var poll = Task.Delay(_options.PollInterval, _time, waiting.Token);
        var woken = _signal?.WaitAsync(seen, waiting.Token) ?? poll;
        try
        {
            await Task.WhenAny(poll, woken).ConfigureAwait(false);
        }
        finally
        {
            await waiting.CancelAsync().ConfigureAwait(false);
        }
        return !stop.IsCancellationRequested;
    }

    // Our own errors say what to do; anything else also names its type, which is the first clue to a bug.
    // The message is stored and shown to users: a SAS URL's signature is hidden.
    private static string Describe(Exception error) =>
        MediaInput.Redact(error is PermanentTaskException ? error.Message : $"{error.GetType().Name}: {error.Message}");

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<RenderProgress> report) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value) => report(value);
    }
}
