using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The dispatcher; see <see cref="IDispatcherGrain"/>. Reentrant: while one request waits for an owner to
/// begin its task, others are served (each takes its task from the queue before it awaits anything). Its
/// queue is memory only; its attempts out are written at most once per <see cref="DispatcherOptions.AttemptsFlushInterval"/>
/// (a timer, when they changed), its running jobs and their stamps at once, all by one writer at a time
/// (<see cref="DispatcherGrainState"/>). On activation it takes back its stored attempts before answering anything, those of
/// silos that are gone at once (lost: handed out first), then asks the running jobs to offer their ready tasks again and to
/// name their attempts out, and forgets the stored ones they do not name (ended while a flush was pending).
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
    // The running jobs and the last message applied per job (written at once; the state object is written from copies, so
    // the storage may serialize it off this grain's thread while calls go on).
    private readonly HashSet<JobId> _jobs = [];
    private readonly Dictionary<JobId, AppliedJobStamp> _stamps = [];
    // The attempts taken back from storage on activation that no owner has named since: any left when the owners answered ended unseen.
    private readonly HashSet<LeaseToken> _restored = [];
    // _running changed since the last write: the flush timer writes it.
    private bool _attemptsChanged;
    // One write at a time: two at once would conflict on the storage's etag (the grain is reentrant).
    private readonly SemaphoreSlim _writer = new(1, 1);
    private IGrainTimer? _flush;
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
        _jobs.UnionWith(state.State.Jobs);
        foreach (var (job, stamp) in state.State.Stamps) _stamps[job] = stamp;
        // Before any call is answered: a moved shot asks which attempts are out (RunningAsync) to keep the survivors' work.
        foreach (var attempt in PersistedAttempts.Restore(state.State.Attempts))
        {
            _running[attempt.Token] = attempt;
            _restored.Add(attempt.Token);
        }
        // Where the coordination grains live, in each silo's own log (bench/farm-throughput.sh --kills reads it).
        log.LogInformation("dispatcher: activated here; recovering {Count} running jobs and {Attempts} attempts out", _jobs.Count, _running.Count);
        _flush = this.RegisterGrainTimer(FlushAttemptsAsync, options.AttemptsFlushInterval, options.AttemptsFlushInterval);
        // Not awaited: the owners' answers come back through this grain's own (reentrant) calls. Its first step, taking back the
        // stored attempts of gone silos, runs before this returns, so a lost task is marked before anything is offered.
        _ = RecoverAsync();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observed?.Dispose();
        _flush?.Dispose();
        log.LogInformation("dispatcher: deactivated ({Reason})", reason.Description);
        // A graceful move (a silo shutting down) hands the next activation the attempts of the last second too.
        await FlushAttemptsAsync();
    }

    public Task OfferAsync(IReadOnlyList<TaskOffer> offers)
    {
        foreach (var offer in offers)
        {
            if (!_jobs.Contains(offer.Spec.Job)) continue;
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
                (task, readySince) => _affinity.KeepsFrom(task, readySince, request.Silo, now), out var lost);
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
                // A lost task keeps its place at the front (its owner may be the one that just moved).
                if (lost) _queue.Expedite(spec.Id);
                return null;
            }
            if (task is null) continue;
            // An earlier attempt of the same task is over (its owner moved and forgot it, or it was refused): forget it too.
            foreach (var stale in _running.Where(r => r.Value.Task == spec.Id).Select(r => r.Key).ToList()) Forget(stale, out _);
            Hold(AttemptRules.HeldOf(task, request.SiloAddress));
            // A silo declared dead while its request was in flight gets nothing: take the attempt back at once.
            if (_dead.Contains(request.SiloAddress)) await AbandonAsync(token, "its silo was declared dead");
            return new WorkGrant { Task = task, Token = token };
        }
        return null;
    }

    public Task ReleasedAsync(LeaseToken token, bool failed = false)
    {
        if (!Forget(token, out var attempt)) return Task.CompletedTask;
        if (failed) CountFailure(attempt);
        else if (attempt.Task.SegmentRef is { } segment && !_dead.Contains(attempt.SiloAddress)) _affinity.Add(attempt.Silo, attempt.SiloAddress, segment);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HeldAttempt>> RunningAsync(JobId job) =>
        Task.FromResult<IReadOnlyList<HeldAttempt>>(_running.Values.Where(a => a.Task.Job == job).OrderBy(a => a.Task).ToList());

    public async Task JobStartedAsync(JobId job, int run)
    {
        if (!Applies(job, JobRunStamp.Started(run))) return;
        // A (re)started job begins with a clean blocklist, as a resume lifts it.
        foreach (var key in _failures.Keys.Where(k => k.Job == job).ToList()) _failures.Remove(key);
        _jobs.Add(job);
        // Written even when nothing changed: a write that failed before is made by the message's repetition.
        await WriteAsync();
        // A resumed or retried run: its halted shots kept the attempts begun before the stop, which JobStoppedAsync forgot. Learn
        // them again, or a silo dying with one leaves its task Leased for good. Not awaited: the job is waiting for this call.
        if (run > 0) _ = RecoverJobAsync(job);
    }

    public async Task JobStoppedAsync(JobId job, int run)
    {
        if (!Applies(job, JobRunStamp.Ended(run))) return;
        _queue.RemoveJob(job);
        foreach (var token in _running.Where(r => r.Value.Task.Job == job).Select(r => r.Key).ToList()) Forget(token, out _);
        _jobs.Remove(job);
        await WriteAsync();
    }

    // Records the message's stamp unless a later message of the job was applied already (JobRunStamp): a "stopped" of an earlier
    // run that arrives late (re-sent, or a call that timed out yet was delivered) must not drop the job's new run.
    private bool Applies(JobId job, JobRunStamp stamp)
    {
        var applied = _stamps.TryGetValue(job, out var last) ? last.Order : (long?)null;
        if (stamp.IsOlderThan(applied))
        {
            log.LogInformation("dispatcher: ignored a late \"{Message}\" of job {Job}'s run {Run} (a later message was applied)", stamp.Stopped ? "stopped" : "started", job, stamp.Run);
            return false;
        }
        _stamps[job] = new AppliedJobStamp(stamp.Order, time.GetUtcNow());
        return true;
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
        if (!Forget(token, out var attempt)) return;
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

    private void Hold(HeldAttempt attempt)
    {
        _running[attempt.Token] = attempt;
        _attemptsChanged = true;
    }

    private bool Forget(LeaseToken token, [NotNullWhen(true)] out HeldAttempt? attempt)
    {
        if (!_running.Remove(token, out attempt)) return false;
        _restored.Remove(token);
        _attemptsChanged = true;
        return true;
    }

    // The flush timer's tick: the attempts out, when they changed since the last write (a failed write is tried on the next tick).
    private async Task FlushAttemptsAsync()
    {
        if (!_attemptsChanged) return;
        try
        {
            await WriteAsync();
        }
        catch (Exception e)
        {
            log.LogWarning("dispatcher: could not write the attempts out ({Error}); trying again in {Interval}", e.Message, options.AttemptsFlushInterval);
        }
    }

    // The one writer: a snapshot of the running jobs, their stamps and the attempts out (new objects, so the storage may serialize
    // them off this grain's thread while calls change the originals). Stamps of jobs stopped long enough ago are dropped.
    private async Task WriteAsync()
    {
        await _writer.WaitAsync();
        try
        {
            var now = time.GetUtcNow();
            foreach (var job in _stamps.Where(s => !_jobs.Contains(s.Key) && now - s.Value.At > options.StoppedJobStampsKept).Select(s => s.Key).ToList())
                _stamps.Remove(job);
            _attemptsChanged = false;
            state.State = new DispatcherGrainState { Jobs = [.. _jobs], Stamps = new(_stamps), Attempts = PersistedAttempts.Of(_running.Values) };
            await state.WriteStateAsync();
        }
        catch
        {
            _attemptsChanged = true;
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    private void CountFailure(HeldAttempt attempt) =>
        _failures[(attempt.Task.Job, attempt.Silo)] = _failures.GetValueOrDefault((attempt.Task.Job, attempt.Silo)) + 1;

    // After a move: every running job offers its ready tasks again and names its attempts out; those of gone silos are taken back.
    // Tries of a running job's re-offer after a move: 30 of at most OwnerCallTimeout + 1 s, long enough for membership to declare a dead silo dead.
    private const int RecoverAttempts = 30;

    private async Task RecoverAsync()
    {
        // The stored attempts of silos gone while this grain moved: taken back now (each marked lost before its first await),
        // ahead of every re-offer. Their owners may have taken them back as Leased first (a moved shot asks RunningAsync): the
        // abandon then reaches them and they offer the task as lost; or later: they find it Ready and offer it, marked here.
        var alive = AliveSilos();
        var gone = _running.Values.Where(a => !alive.Contains(a.SiloAddress)).ToList();
        foreach (var silo in gone.Select(a => a.SiloAddress).Distinct()) _dead.Add(silo);
        if (gone.Count > 0) log.LogInformation("dispatcher: {Count} stored attempts were held by silos gone since; offering them again first", gone.Count);
        var abandoned = Task.WhenAll(gone.Select(a => AbandonAsync(a.Token, $"its silo {a.SiloAddress} is gone")));
        foreach (var job in _jobs.ToList()) await RecoverJobAsync(job);
        await abandoned;
    }

    // Asks the job to offer its ready tasks again and name its attempts out; holds those, takes back those of gone silos.
    private async Task RecoverJobAsync(JobId job)
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
        // A job that stopped again meanwhile has no attempts to hold here.
        if (held is null || !_jobs.Contains(job)) return;
        log.LogInformation("dispatcher: job {Job} re-offered its tasks and named {Count} attempts out", job, held.Count);
        // A stored attempt its owner does not name ended while the flush was pending (or its owner lost it): forget it.
        var named = held.Select(a => a.Token).ToHashSet();
        foreach (var ended in _running.Where(r => r.Value.Task.Job == job && _restored.Contains(r.Key) && !named.Contains(r.Key)).Select(r => r.Key).ToList())
            Forget(ended, out _);
        var alive = AliveSilos();
        foreach (var attempt in held)
        {
            _restored.Remove(attempt.Token);
            if (!_running.ContainsKey(attempt.Token)) Hold(attempt);
            // A death reported while this recovery ran found no attempt to take back, and this silo's own view may not show it yet.
            var isGone = !alive.Contains(attempt.SiloAddress) || _dead.Contains(attempt.SiloAddress);
            if (isGone) await AbandonAsync(attempt.Token, $"its silo {attempt.SiloAddress} is gone");
        }
    }

    // The silos membership counts alive (Active or Joining), by address with generation.
    private HashSet<string> AliveSilos() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status is SiloStatus.Active or SiloStatus.Joining)
        .Select(m => m.SiloAddress.ToParsableString())
        .ToHashSet();
}
