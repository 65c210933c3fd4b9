using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The dispatcher; see <see cref="IDispatcherGrain"/>. Reentrant: while one request waits for an owner to
/// begin its task, others are served (each takes its task from the queue before it awaits anything). Its
/// queue and its record of running attempts are memory only: on activation it asks the running jobs to offer
/// their ready tasks again and to name their attempts out, and takes back those of silos that are gone.
/// </summary>
[Reentrant]
[CoordinatorPlacement]
public sealed class DispatcherGrain(
    [PersistentState("dispatcher", GrainServices.Storage)] IPersistentState<DispatcherGrainState> state,
    IClusterMembershipService membership,
    DispatcherOptions options,
    Blocklist blocklist,
    GrainClock time,
    StyleFarmMetrics metrics,
    ILogger<DispatcherGrain> log) : Grain, IDispatcherGrain
{
    private readonly DispatchQueue _queue = new();
    private readonly Dictionary<LeaseToken, HeldAttempt> _running = [];
    private readonly HashSet<string> _dead = [];
    // Failed or abandoned attempts per job and silo name: the blocklist's input (memory only; a resume forgets it too).
    private readonly Dictionary<(JobId Job, string Silo), int> _failures = [];
    // Which worker caches which segment's flow (memory only: workers say it again with every request).
    private readonly CacheAffinity _affinity = new(options.CacheAffinityWait);
    // Attempts taken back from dead silos whose owner has not heard it yet (its call timed out or failed): told again every second.
    private readonly Dictionary<LeaseToken, (TaskId Task, string Reason)> _owedAbandons = [];
    private IGrainTimer? _abandonRetries;
    // The queue's counts in stylefarm.queue.depth while this silo hosts the dispatcher (a Count read off the grain's thread is a plain field read).
    private IDisposable? _observed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _observed = metrics.ObserveQueue(() => (_queue.Count, _running.Count));
        // Where the coordination grains live, in each silo's own log (bench/farm-throughput.sh --kills reads it).
        log.LogInformation("dispatcher: activated here; recovering {Count} running jobs", state.State.Jobs.Count);
        // Not awaited: the owners' answers come back through this grain's own (reentrant) calls.
        _ = RecoverAsync();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observed?.Dispose();
        log.LogInformation("dispatcher: deactivated ({Reason})", reason.Description);
        return Task.CompletedTask;
    }

    public Task OfferAsync(IReadOnlyList<TaskOffer> offers)
    {
        foreach (var offer in offers)
        {
            if (!state.State.Jobs.Contains(offer.Spec.Job)) continue;
            // Said by its owner, so that a dispatcher that moved since the silo's death still knows the task was lost.
            if (offer.Lost) _queue.Expedite(offer.Spec.Id);
            _queue.Add(offer.Spec, offer.NotBefore, time.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public async Task<WorkGrant?> RequestWorkAsync(WorkRequest request)
    {
        if (!_dead.Contains(request.SiloAddress)) _affinity.Report(request.Silo, request.SiloAddress, request.CachedSegments);
        for (var skipped = 0; skipped < options.MaxStaleOffersPerRequest; skipped++)
        {
            var now = time.GetUtcNow();
            var spec = _queue.Take(request.Capabilities, request.CachedSegments, now,
                job => blocklist.IsBlocked(_failures.GetValueOrDefault((job, request.Silo))),
                (task, readySince) => _affinity.KeepsFrom(task, readySince, request.Silo, now));
            if (spec is null) return null;
            var token = LeaseToken.New();
            TaskRecord? task;
            try
            {
                task = await TaskOwners.Of(GrainFactory, spec.Id).BeginAsync(spec.Id, token, request.Silo, request.SiloAddress).WaitAsync(options.OwnerCallTimeout);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                // The owner did not answer: give the task back to the queue and tell this worker nothing this time.
                log.LogWarning("dispatcher: the owner of {Task} did not begin it ({Error}); offered again", spec.Id, e.Message);
                _queue.Add(spec, null);
                return null;
            }
            if (task is null) continue;
            // An earlier attempt of the same task is over (its owner moved and forgot it, or it was refused): forget it too.
            foreach (var stale in _running.Where(r => r.Value.Task == spec.Id).Select(r => r.Key).ToList()) _running.Remove(stale);
            _running[token] = AttemptRules.HeldOf(task, request.SiloAddress);
            // A silo declared dead while its request was in flight gets nothing: take the attempt back at once.
            if (_dead.Contains(request.SiloAddress)) await AbandonAsync(token, "its silo was declared dead");
            return new WorkGrant { Task = task, Token = token };
        }
        return null;
    }

    public Task ReleasedAsync(LeaseToken token, bool failed = false)
    {
        if (!_running.Remove(token, out var attempt)) return Task.CompletedTask;
        if (failed) CountFailure(attempt);
        else if (attempt.Task.SegmentRef is { } segment && !_dead.Contains(attempt.SiloAddress)) _affinity.Add(attempt.Silo, attempt.SiloAddress, segment);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HeldAttempt>> RunningAsync(JobId job) =>
        Task.FromResult<IReadOnlyList<HeldAttempt>>(_running.Values.Where(a => a.Task.Job == job).OrderBy(a => a.Task).ToList());

    public async Task JobStartedAsync(JobId job)
    {
        // A (re)started job begins with a clean blocklist, as a resume lifts it.
        foreach (var key in _failures.Keys.Where(k => k.Job == job).ToList()) _failures.Remove(key);
        if (state.State.Jobs.Add(job)) await state.WriteStateAsync();
    }

    public async Task JobStoppedAsync(JobId job)
    {
        _queue.RemoveJob(job);
        foreach (var token in _running.Where(r => r.Value.Task.Job == job).Select(r => r.Key).ToList()) _running.Remove(token);
        if (state.State.Jobs.Remove(job)) await state.WriteStateAsync();
    }

    public async Task SiloDiedAsync(string siloAddress)
    {
        if (!_dead.Add(siloAddress)) return;
        metrics.SiloDeathHandled();
        _affinity.ForgetSilo(siloAddress);
        var attempts = _running.Where(r => r.Value.SiloAddress == siloAddress).Select(r => r.Key).ToList();
        if (attempts.Count > 0) log.LogInformation("dispatcher: silo {Silo} died holding {Count} attempts; offering them again", siloAddress, attempts.Count);
        await Task.WhenAll(attempts.Select(token => AbandonAsync(token, $"its silo {siloAddress} was declared dead")));
    }

    public Task<(int Waiting, int Running)> CountsAsync() => Task.FromResult((_queue.Count, _running.Count));

    private async Task AbandonAsync(LeaseToken token, string reason)
    {
        if (!_running.Remove(token, out var attempt)) return;
        CountFailure(attempt);
        // The task's work was lost with its silo: whoever asks next gets it (its offer comes from the owner below or on its activation).
        _queue.Expedite(attempt.Task);
        await TellOwnerAbandonedAsync(token, attempt.Task, reason);
    }

    // Until the owner hears it, its task stays Leased and nobody offers it: an owner that did not answer is told again a second later.
    private async Task TellOwnerAbandonedAsync(LeaseToken token, TaskId task, string reason)
    {
        try
        {
            await TaskOwners.Of(GrainFactory, task).AbandonAsync(task, token, reason).WaitAsync(options.OwnerCallTimeout);
            _owedAbandons.Remove(token);
        }
        catch (Exception e)
        {
            log.LogWarning("dispatcher: could not take back {Task} ({Error}); telling its owner again in a second", task, e.Message);
            _owedAbandons[token] = (task, reason);
            _abandonRetries ??= this.RegisterGrainTimer(RetryAbandonsAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    private async Task RetryAbandonsAsync()
    {
        await Task.WhenAll(_owedAbandons.ToList().Select(o => TellOwnerAbandonedAsync(o.Key, o.Value.Task, o.Value.Reason)));
        if (_owedAbandons.Count > 0) return;
        _abandonRetries?.Dispose();
        _abandonRetries = null;
    }

    private void CountFailure(HeldAttempt attempt) =>
        _failures[(attempt.Task.Job, attempt.Silo)] = _failures.GetValueOrDefault((attempt.Task.Job, attempt.Silo)) + 1;

    // After a move: every running job offers its ready tasks again and names its attempts out; those of gone silos are taken back.
    // Tries of a running job's re-offer after a move: 30 of at most OwnerCallTimeout + 1 s, long enough for membership to declare a dead silo dead.
    private const int RecoverAttempts = 30;

    private async Task RecoverAsync()
    {
        var jobs = state.State.Jobs.ToList();
        foreach (var job in jobs)
        {
            IReadOnlyList<HeldAttempt>? held = null;
            // The job grain may live on the silo whose death moved this grain, not yet declared dead: a call there would wait
            // Orleans' whole response timeout. Ask within the owner call timeout, again until it answers from its new silo.
            for (var attempt = 1; held is null && attempt <= RecoverAttempts; attempt++)
            {
                try
                {
                    held = await GrainFactory.GetGrain<IJobGrain>(job.ToString()).ReofferAsync().WaitAsync(options.OwnerCallTimeout);
                }
                catch (Exception e)
                {
                    log.LogWarning("dispatcher: job {Job} did not re-offer its tasks ({Error}); asking again", job, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
            if (held is null) continue;
            log.LogInformation("dispatcher: job {Job} re-offered its tasks and named {Count} attempts out", job, held.Count);
            var alive = membership.CurrentSnapshot.Members.Values
                .Where(m => m.Status is SiloStatus.Active or SiloStatus.Joining)
                .Select(m => m.SiloAddress.ToParsableString())
                .ToHashSet();
            foreach (var attempt in held)
            {
                _running[attempt.Token] = attempt;
                // A death reported while this recovery ran found no attempt to take back, and this silo's own view may not show it yet.
                var gone = !alive.Contains(attempt.SiloAddress) || _dead.Contains(attempt.SiloAddress);
                if (gone) await AbandonAsync(attempt.Token, $"its silo {attempt.SiloAddress} is gone");
            }
        }
    }
}
