using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The grain of one job; see <see cref="IJobGrain"/>. Its life: Submitted → Planning (the plan task is offered)
/// → Running (the plan's graph is split among the shot grains) → Succeeded (all shots done, the encode task
/// committed), or Failed (a task used up its attempts) / Cancelled. It reports its listing to the job list when it is
/// submitted, moves or activates. A change whose write fails deactivates the grain, so the next call starts from what
/// storage holds. Every call it makes to another grain is bounded by <see cref="DispatcherOptions.OwnerCallTimeout"/>
/// (<see cref="GrainCallBound"/>): what a timeout means is written at each call.
/// </summary>
[CoordinatorPlacement]
public sealed class JobGrain(
    [PersistentState("job", GrainServices.Storage)] IPersistentState<JobGrainState> state,
    AttemptRules rules,
    TaskGraphBuilder graphs,
    ShotStateReader shotStates,
    DispatcherOptions options,
    GrainClock time,
    StyleFarmTracing tracing,
    ILogger<JobGrain> log) : Grain, IJobGrain
{
    // Shot counts as they last reported (not persisted: shots report after every change, and again when asked).
    private readonly Dictionary<int, ShotProgress> _shots = [];

    private readonly FinishedAttempts _finished = new();

    // The plan or encode task taken back from a dead silo and not begun again: offered as lost, so that it goes first (memory only).
    private readonly HashSet<TaskKind> _lost = [];

    // Retries of handing the shots their tasks, while one cannot take them.
    private IGrainTimer? _handOutRetries;

    // What the shots and the dispatcher have yet to hear (their call timed out or failed): the latest message to each, told
    // again every second until it answers. The job's own decision (cancelled, failed, resumed) is stored before they are told.
    private readonly Dictionary<int, Func<IShotGrain, Task>> _owedShots = [];
    private OwedToDispatcher? _owedDispatcher;
    private IGrainTimer? _owedRetries;

    // The listing last sent to the job list.
    private JobListing? _reported;

    private JobGrainState S => state.State;

    private JobId Id => JobId.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Where the coordination grains live, in each silo's own log (bench/farm-throughput.sh --kills reads it).
        log.LogInformation("job {Job}: activated here", Id);
        if (S.Job is not { } job) return;
        // A report that was lost with a silo is made again.
        _reported = JobListing.Of(job);
        JobList.PutAsync(_reported).Ignore();
        if (job.State == JobState.Running && !S.ShotsHandedOut) await HandOutShotsAsync();
        if (job.State == JobState.Running && S.DoneShots.Count < S.ShotCount) await CatchUpDoneShotsAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.LogInformation("job {Job}: deactivated ({Reason})", Id, reason.Description);
        return Task.CompletedTask;
    }

    private Job Current => S.Job ?? throw new KeyNotFoundException($"job {this.GetPrimaryKeyString()} does not exist: list the jobs with `stylefarm status`");

    public async Task<Job> SubmitAsync(JobSpec spec)
    {
        if (S.Job is { } existing)
            return existing.Spec.IsSameJobAs(spec) ? existing : throw new ArgumentException($"job {Id} exists with another spec");
        spec.Validate();
        var now = time.GetUtcNow();
        // The job's span ends with the submission; every task's span names it as parent (StyleFarmTracing says why).
        using var span = tracing.StartJob(Id, spec);
        S.Job = new Job(Id, spec, JobState.Submitted, now, now, TraceParent: span?.Id);
        Record(now, $"submitted: {spec.Input} in the style of {string.Join(", ", spec.StyleImages)}");
        if (spec.Training is not null)
        {
            // A training job has no plan: its one task is ready at once (Planning → Running, as the state machine goes).
            S.TrainTask = TaskRecord.New(graphs.TrainTask(Id, spec), now).MoveTo(TaskState.Ready, now);
            Move(JobState.Planning, "planning: one train task");
            Move(JobState.Running, $"running: training on {string.Join(", ", spec.Training.DataFolders)}");
        }
        else
        {
            S.PlanTask = TaskRecord.New(graphs.PlanTask(Id), now).MoveTo(TaskState.Ready, now);
            Move(JobState.Planning, "planning: probing the input and finding its shots");
        }
        await WriteAsync();
        // Listed before its id is answered, so a list right after a submission shows it; on a timeout the submission stands (the
        // listing goes again with the next change and activation).
        await JobList.PutAsync(JobListing.Of(Current)).TryWithinAsync(options.OwnerCallTimeout);
        OweDispatcherStarted();
        await DeliverOwedAsync();
        Offer(S.PlanTask ?? S.TrainTask!);
        return Current;
    }

    public Task<Job?> GetAsync() => Task.FromResult(S.Job);

    public async Task<TaskRecord?> BeginAsync(TaskId task, LeaseToken token, string silo, string siloAddress)
    {
        var now = time.GetUtcNow();
        var record = Own(task);
        if (record is null || S.Job is not { } job || !JobStateMachine.IsLeasable(job.State) || !AttemptRules.CanBegin(record, now)) return null;
        record = Set(AttemptRules.Begin(record, token, silo, now));
        S.AttemptSilos[task.Key] = siloAddress;
        _lost.Remove(task.Kind);
        await WriteAsync();
        return record;
    }

    public async Task<bool> FinishAsync(AttemptResult result)
    {
        var record = Own(result.Task);
        if (_finished.Contains(result.Token)) return true;
        if (record is null || !LeaseTransitions.IsHeldUnder(record, result.Token)) return false;
        var now = time.GetUtcNow();
        record = Set(rules.Finish(record, result, now));
        _finished.Add(result.Token);
        S.AttemptSilos.Remove(result.Task.Key);
        TaskOwners.Dispatcher(GrainFactory).ReleasedAsync(result.Token, failed: result.Error is not null).Ignore();
        if (record.State == TaskState.Succeeded && record.Id.Kind == TaskKind.Plan) await PlannedAsync(result.Plan);
        else if (record.State == TaskState.Succeeded) await FinishedAsync(record);
        else if (record.State == TaskState.Failed) await FailAsync(new TaskFailureSummary(record.Id, record.Attempts, record.LastError ?? "no error was recorded", record.Permanent));
        else
        {
            await WriteAsync();
            Offer(record);
        }
        return true;
    }

    public Task<bool> HoldsAsync(TaskId task, LeaseToken token) =>
        Task.FromResult(Own(task) is { } record && LeaseTransitions.IsHeldUnder(record, token));

    public async Task<bool> AbandonAsync(TaskId task, LeaseToken token, string reason)
    {
        var record = Own(task);
        if (record is null || !LeaseTransitions.IsHeldUnder(record, token)) return false;
        record = Set(rules.Abandon(record, reason, time.GetUtcNow()));
        S.AttemptSilos.Remove(task.Key);
        if (record.State == TaskState.Failed) await FailAsync(new TaskFailureSummary(record.Id, record.Attempts, reason));
        else
        {
            await WriteAsync();
            _lost.Add(task.Kind);
            Offer(record);
        }
        return true;
    }

    public async Task<IReadOnlyList<HeldAttempt>> ReofferAsync()
    {
        if (S.Job is not { } job || !JobStateMachine.IsLeasable(job.State)) return [];
        var held = new List<HeldAttempt>();
        foreach (var task in OwnTasks)
        {
            if (task?.State == TaskState.Ready) Offer(task);
            if (task is { State: TaskState.Leased, Lease: not null })
                held.Add(AttemptRules.HeldOf(task, S.AttemptSilos.GetValueOrDefault(task.Id.Key, "")));
        }
        // A shot that does not answer fails the call: the dispatcher asks again a second later (it must learn every attempt out).
        var shots = await Task.WhenAll(Enumerable.Range(0, S.ShotCount).Select(s =>
            Shot(s).ReofferAsync().WithinAsync(options.OwnerCallTimeout, $"shot {s} of job {Id}, asked to re-offer its tasks")));
        return [.. held, .. shots.SelectMany(s => s)];
    }

    public async Task<Job> CancelAsync()
    {
        if (Current.State == JobState.Cancelled)
        {
            // Again: a shot that could not take the first cancel (its storage away) takes this one.
            OweShots(s => s.CancelAsync());
            await DeliverOwedAsync();
            return Current;
        }
        var now = time.GetUtcNow();
        Move(JobState.Cancelled, "cancelled by request");
        foreach (var task in OwnTasks)
            if (task is not null && TaskCancellation.Applies(task)) Set(TaskCancellation.Apply(task, now));
        S.AttemptSilos.Clear();
        await WriteAsync();
        // The cancel is stored: it answers without waiting for a shot or the dispatcher that does not answer (told again each second).
        OweShots(s => s.CancelAsync());
        OweDispatcherStopped();
        await DeliverOwedAsync();
        return Current;
    }

    public Task<Job> ResumeAsync() => Current.State is JobState.Failed or JobState.Cancelled
        ? RestartAsync(TaskResetScope.AllUnfinished, "resumed: unfinished tasks reset, succeeded tasks and their artifacts kept")
        : throw new InvalidOperationException($"job {Id} is {Current.State}: only a Failed or Cancelled job can be resumed");

    public Task<Job> RetryFailedAsync() => Current.State == JobState.Failed
        ? RestartAsync(TaskResetScope.FailedOnly, "retrying the failed tasks")
        : throw new InvalidOperationException($"job {Id} is {Current.State}: retry-failed applies to a Failed job (use resume for a Cancelled one)");

    public Task<IReadOnlyList<JobEvent>> EventsAsync() => Task.FromResult<IReadOnlyList<JobEvent>>(S.Events.ToList());

    public async Task<JobStatus?> StatusAsync()
    {
        if (S.Job is not { } job) return null;
        var progress = await ProgressAsync();
        var byPass = new int[job.Spec.Passes];
        foreach (var shot in _shots.Values)
            for (var p = 0; p < Math.Min(byPass.Length, shot.FramesByPass.Length); p++) byPass[p] += shot.FramesByPass[p];
        return new JobStatus { Job = job, Progress = progress, FramesDone = _shots.Values.Sum(s => s.FramesDone), FramesByPass = byPass };
    }

    public Task<JobTasks?> TasksAsync() => Task.FromResult(S.Job is null
        ? null
        : new JobTasks { ShotCount = S.ShotCount, Own = OwnTasks.OfType<TaskRecord>().ToList() });

    public async Task<TaskProgress> ProgressAsync()
    {
        // After a reactivation the shots have not reported yet: read those missing from storage (without waking them).
        var missing = Enumerable.Range(0, S.ShotCount).Where(s => !_shots.ContainsKey(s)).ToList();
        var read = await Task.WhenAll(missing.Select(s => shotStates.ReadAsync(Id, s)));
        for (var i = 0; i < missing.Count; i++) _shots.TryAdd(missing[i], ShotProgress.Of(read[i].ToList()));
        var own = TaskProgress.Of(OwnTasks.OfType<TaskRecord>());
        var counts = new[] { own.Blocked, own.Ready, own.Leased, own.Succeeded, own.Failed, own.Cancelled };
        foreach (var shot in _shots.Values)
            for (var i = 0; i < counts.Length; i++) counts[i] += shot.Counts[i];
        var failure = own.FirstFailure ?? _shots.Values.Select(s => s.FirstFailure).FirstOrDefault(f => f is not null);
        return new TaskProgress(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], failure);
    }

    public async Task ShotChangedAsync(int shot, ShotProgress progress)
    {
        // A report overtaken by a later one says nothing new; one sent before a retry or resume (a halted shot's last word, slow
        // on its way) says nothing about this run and must not fail it again (StaleShotReportTests).
        if (_shots.TryGetValue(shot, out var known) && known.Sequence > progress.Sequence) return;
        if (progress.Run < S.Run) return;
        _shots[shot] = progress;
        if (S.Job is not { State: JobState.Running }) return;
        if (progress.FirstFailure is { } failure && progress.Counts[(int)TaskState.Failed] > 0)
        {
            await FailAsync(failure);
            return;
        }
        if (!progress.Done || !S.DoneShots.Add(shot)) return;
        if (S.DoneShots.Count == S.ShotCount && S.EncodeTask is { State: TaskState.Blocked } encode)
        {
            Set(encode.MoveTo(TaskState.Ready, time.GetUtcNow()));
            await WriteAsync();
            Offer(S.EncodeTask!);
            return;
        }
        await WriteAsync();
    }

    // After a move: a shot that finished while this grain's write failed, or whose report was lost with a silo, is done all the same.
    private async Task CatchUpDoneShotsAsync()
    {
        var missing = Enumerable.Range(0, S.ShotCount).Where(s => !S.DoneShots.Contains(s)).ToList();
        var read = await Task.WhenAll(missing.Select(s => shotStates.ReadAsync(Id, s)));
        var found = false;
        for (var i = 0; i < missing.Count; i++)
        {
            var progress = ShotProgress.Of(read[i].ToList());
            _shots[missing[i]] = progress;
            if (progress.Done) found |= S.DoneShots.Add(missing[i]);
        }
        if (!found) return;
        var ready = S.DoneShots.Count == S.ShotCount && S.EncodeTask is { State: TaskState.Blocked };
        if (ready) Set(S.EncodeTask!.MoveTo(TaskState.Ready, time.GetUtcNow()));
        await WriteAsync();
        if (ready) Offer(S.EncodeTask!);
    }

    // The plan task committed: split the graph among the shot grains and run.
    private async Task PlannedAsync(JobPlan? plan)
    {
        var job = Current;
        TaskGraph graph;
        try
        {
            if (plan is null) throw new ArgumentException("the plan task succeeded but stored no plan: the plan executor must commit its JobPlan with the task");
            graph = graphs.Build(Id, job.Spec, plan);
        }
        catch (ArgumentException e)
        {
            S.Job = job with { Plan = plan };
            await FailAsync(new TaskFailureSummary(TaskId.Plan(Id), S.PlanTask!.Attempts, $"the plan cannot be turned into tasks: {e.Message}"));
            return;
        }
        // A task no live worker can take would keep the job Running forever: fail it now with the figures.
        if (TaskCapacity.Misfit(graph, plan, LiveWorkers.Of(ServiceProvider)) is { } misfit)
        {
            S.Job = job with { Plan = plan };
            await FailAsync(new TaskFailureSummary(TaskId.Plan(Id), S.PlanTask!.Attempts, misfit));
            return;
        }
        var now = time.GetUtcNow();
        S.Job = job with { Plan = plan };
        S.ShotCount = plan.Shots.Count;
        S.EncodeTask = TaskRecord.New(graph.Tasks.Single(t => t.Kind == TaskKind.Encode), now);
        var segments = graph.Tasks.Count(t => t.Kind == TaskKind.Flow);
        Move(JobState.Running, $"running: {graph.Count} tasks for {plan.FrameCount} frames in {plan.Shots.Count} shots, {segments} segments, {job.Spec.Passes} passes");
        await WriteAsync();
        await HandOutShotsAsync(graph);
    }

    // Each shot grain gets its tasks (idempotent). The plan's commit stands even when a shot cannot store them yet (its
    // database restarting): a timer tries again until every shot has them, and so does the next activation.
    private async Task HandOutShotsAsync(TaskGraph? graph = null)
    {
        if (S.Job is not { State: JobState.Running, Plan: { } plan } job || S.ShotsHandedOut)
        {
            StopHandOutRetries();
            return;
        }
        graph ??= graphs.Build(Id, job.Spec, plan);
        var byShot = graph.Tasks.Where(t => t.Kind is TaskKind.Flow or TaskKind.Stylize).GroupBy(t => t.Id.Shot);
        try
        {
            // A shot that does not answer within the bound is handed its tasks again on the timer's next tick.
            await Task.WhenAll(byShot.Select(g => Shot(g.Key).InitializeAsync(g.ToList(), S.Run)
                .WithinAsync(options.OwnerCallTimeout, $"shot {g.Key} of job {Id}, handed its tasks")));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _handOutRetries ??= this.RegisterGrainTimer(() => HandOutShotsAsync(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            return;
        }
        StopHandOutRetries();
        S.ShotsHandedOut = true;
        await WriteAsync();
    }

    private void StopHandOutRetries()
    {
        _handOutRetries?.Dispose();
        _handOutRetries = null;
    }

    private async Task FinishedAsync(TaskRecord encode)
    {
        Move(JobState.Succeeded, $"succeeded: output at {Current.Spec.Output}");
        await WriteAsync();
        // Succeeded is stored: a dispatcher that does not answer hears it on a later tick.
        OweDispatcherStopped();
        await DeliverOwedAsync();
        _ = encode;
    }

    private async Task FailAsync(TaskFailureSummary failure)
    {
        if (S.Job is not { } job || !JobStateMachine.CanMove(job.State, JobState.Failed)) return;
        Move(JobState.Failed, $"failed: {failure}", failure.ToString());
        await WriteAsync();
        // Failed is stored: the worker's finish that failed the job answers without waiting for a shot that does not.
        OweShots(s => s.HaltAsync());
        OweDispatcherStopped();
        await DeliverOwedAsync();
    }

    private async Task<Job> RestartAsync(TaskResetScope scope, string message)
    {
        var now = time.GetUtcNow();
        S.Run++;
        foreach (var task in OwnTasks)
            if (task is not null && TaskReset.Applies(task, scope)) Set(TaskReset.Apply(task, now));
        if (S.PlanTask is { State: TaskState.Blocked } plan) Set(plan.MoveTo(TaskState.Ready, now));
        if (S.TrainTask is { State: TaskState.Blocked } train) Set(train.MoveTo(TaskState.Ready, now));
        // A training job has nothing to plan: it runs again at once.
        var planned = S.PlanTask?.State == TaskState.Succeeded || S.TrainTask is not null;
        Move(JobState.Planning, message);
        if (planned) Move(JobState.Running, "running again");
        if (planned && S.EncodeTask is { State: TaskState.Blocked } encode && S.DoneShots.Count == S.ShotCount)
            Set(encode.MoveTo(TaskState.Ready, now));
        await WriteAsync();
        // The resume is stored: the dispatcher first (it drops offers of jobs it does not run), then the shots, each told again
        // every second until it answers; the action answers at once.
        OweDispatcherStarted();
        var run = S.Run;
        OweShots(s => s.ResetAsync(scope, run));
        await DeliverOwedAsync();
        foreach (var task in OwnTasks)
            if (task?.State == TaskState.Ready) Offer(task);
        return Current;
    }

    private IShotGrain Shot(int shot) => GrainFactory.GetGrain<IShotGrain>(ShotKey.Of(Id, shot));

    // Every shot is to be told (the latest message to a shot replaces one it has yet to hear).
    private void OweShots(Func<IShotGrain, Task> message)
    {
        for (var s = 0; s < S.ShotCount; s++) _owedShots[s] = message;
    }

    private void OweDispatcher(Func<IDispatcherGrain, Task> message, bool starts = false) => _owedDispatcher = new OwedToDispatcher(message, starts);

    // Stamped with the run they belong to (taken now: a later resume counts it up): the dispatcher ignores one older than the
    // last it applied, as a "stopped" re-sent or delivered late after a retry-failed's "started" (JobRunStamp).
    private void OweDispatcherStarted()
    {
        var run = S.Run;
        OweDispatcher(d => d.JobStartedAsync(Id, run), starts: true);
    }

    private void OweDispatcherStopped()
    {
        var run = S.Run;
        OweDispatcher(d => d.JobStoppedAsync(Id, run));
    }

    // The dispatcher first (it drops the offers of a job it does not run), then every owed shot at once, each call bounded; those
    // that time out or fail stay owed and the timer tries them again every second. At most two bounds for the caller.
    private async Task DeliverOwedAsync()
    {
        if (_owedDispatcher is { } owed)
        {
            if (await owed.Message(TaskOwners.Dispatcher(GrainFactory)).TryWithinAsync(options.OwnerCallTimeout))
            {
                if (_owedDispatcher == owed) _owedDispatcher = null;
                // It heard "started" late and dropped the offers made meanwhile.
                if (owed is { Starts: true, Tries: > 0 }) OfferAgain();
            }
            else if (_owedDispatcher == owed) _owedDispatcher = owed with { Tries = owed.Tries + 1 };
        }
        var shots = _owedShots.ToList();
        var answered = await Task.WhenAll(shots.Select(o => o.Value(Shot(o.Key)).TryWithinAsync(options.OwnerCallTimeout)));
        for (var i = 0; i < shots.Count; i++)
            if (answered[i] && _owedShots.TryGetValue(shots[i].Key, out var kept) && kept == shots[i].Value) _owedShots.Remove(shots[i].Key);
        if (_owedShots.Count == 0 && _owedDispatcher is null)
        {
            _owedRetries?.Dispose();
            _owedRetries = null;
        }
        else _owedRetries ??= this.RegisterGrainTimer(DeliverOwedAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private sealed record OwedToDispatcher(Func<IDispatcherGrain, Task> Message, bool Starts, int Tries = 0);

    // The dispatcher now runs the job: the offers it dropped while it did not are made again (one way: nobody waits).
    private void OfferAgain()
    {
        foreach (var task in OwnTasks)
            if (task?.State == TaskState.Ready) Offer(task);
        for (var s = 0; s < S.ShotCount; s++) Shot(s).ReofferAsync().Ignore();
    }

    // The tasks this grain owns itself: a render's plan and encode tasks, a training job's train task.
    private TaskRecord?[] OwnTasks => [S.PlanTask, S.EncodeTask, S.TrainTask];

    private TaskRecord? Own(TaskId task) => task.Kind switch
    {
        TaskKind.Plan => S.PlanTask,
        TaskKind.Encode => S.EncodeTask,
        TaskKind.Train => S.TrainTask,
        _ => null,
    };

    private TaskRecord Set(TaskRecord record)
    {
        if (record.Id.Kind == TaskKind.Plan) S.PlanTask = record;
        else if (record.Id.Kind == TaskKind.Train) S.TrainTask = record;
        else S.EncodeTask = record;
        return record;
    }

    private void Move(JobState to, string message, string? error = null)
    {
        var now = time.GetUtcNow();
        S.Job = Current.MoveTo(to, now, error);
        Record(now, message);
        // Each move in the silo's log too: a job that moved unexpectedly under load is otherwise invisible once its state is gone.
        log.LogInformation("job {Job}: {State}, {Message}", Id, to, message);
    }

    private IJobListGrain JobList => GrainFactory.GetGrain<IJobListGrain>(0);

    // Memory must not run ahead of storage: when a write fails, the activation goes and the next call reads what was stored.
    // A written change of the job's listing (its state, mostly) goes to the job list.
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        if (S.Job is { } job && JobListing.Of(job) is var listing && listing != _reported)
        {
            _reported = listing;
            JobList.PutAsync(listing).Ignore();
        }
    }

    private void Record(DateTimeOffset at, string message) => S.Events.Add(new JobEvent(Id, at, Current.State, message));

    private void Offer(TaskRecord task) =>
        TaskOwners.Dispatcher(GrainFactory).OfferAsync([AttemptRules.OfferOf(task, _lost.Contains(task.Id.Kind))]).Ignore();
}
