using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The grain of one job; see <see cref="IJobGrain"/>. Its life: Submitted → Planning (the plan task is offered)
/// → Running (the plan's graph is split among the shot grains) → Succeeded (all shots done, the encode task
/// committed), or Failed (a task used up its attempts) / Cancelled.
/// </summary>
public sealed class JobGrain(
    [PersistentState("job", GrainServices.Storage)] IPersistentState<JobGrainState> state,
    AttemptRules rules,
    TaskGraphBuilder graphs,
    TimeProvider time) : Grain, IJobGrain
{
    // Shot counts as they last reported (not persisted: shots report after every change, and again when asked).
    private readonly Dictionary<int, ShotProgress> _shots = [];

    private JobGrainState S => state.State;

    private JobId Id => JobId.Parse(this.GetPrimaryKeyString());

    private Job Current => S.Job ?? throw new KeyNotFoundException($"job {this.GetPrimaryKeyString()} does not exist: list the jobs with `stylefarm status`");

    public async Task<Job> SubmitAsync(JobSpec spec)
    {
        if (S.Job is { } existing)
            return existing.Spec.IsSameJobAs(spec) ? existing : throw new ArgumentException($"job {Id} exists with another spec");
        spec.Validate();
        var now = time.GetUtcNow();
        S.Job = new Job(Id, spec, JobState.Submitted, now, now);
        Record(now, $"submitted: {spec.Input} in the style of {string.Join(", ", spec.StyleImages)}");
        S.PlanTask = TaskRecord.New(graphs.PlanTask(Id), now).MoveTo(TaskState.Ready, now);
        Move(JobState.Planning, "planning: probing the input and finding its shots");
        await state.WriteStateAsync();
        await TaskOwners.Dispatcher(GrainFactory).JobStartedAsync(Id);
        Offer(S.PlanTask);
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
        await state.WriteStateAsync();
        return record;
    }

    public async Task<bool> FinishAsync(AttemptResult result)
    {
        var record = Own(result.Task);
        if (record is null || !LeaseTransitions.IsHeldUnder(record, result.Token)) return false;
        var now = time.GetUtcNow();
        record = Set(rules.Finish(record, result, now));
        S.AttemptSilos.Remove(result.Task.Key);
        TaskOwners.Dispatcher(GrainFactory).ReleasedAsync(result.Token, failed: result.Error is not null).Ignore();
        if (record.State == TaskState.Succeeded && record.Id.Kind == TaskKind.Plan) await PlannedAsync(result.Plan);
        else if (record.State == TaskState.Succeeded) await FinishedAsync(record);
        else if (record.State == TaskState.Failed) await FailAsync(new TaskFailureSummary(record.Id, record.Attempts, record.LastError ?? "no error was recorded"));
        else
        {
            await state.WriteStateAsync();
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
            await state.WriteStateAsync();
            Offer(record);
        }
        return true;
    }

    public async Task<IReadOnlyList<HeldAttempt>> ReofferAsync()
    {
        if (S.Job is not { } job || !JobStateMachine.IsLeasable(job.State)) return [];
        var held = new List<HeldAttempt>();
        foreach (var task in new[] { S.PlanTask, S.EncodeTask })
        {
            if (task?.State == TaskState.Ready) Offer(task);
            if (task is { State: TaskState.Leased, Lease: { } lease })
                held.Add(new HeldAttempt { Task = task.Id, Token = lease.Token, SiloAddress = S.AttemptSilos.GetValueOrDefault(task.Id.Key, "") });
        }
        var shots = await Task.WhenAll(Shots().Select(s => s.ReofferAsync()));
        return [.. held, .. shots.SelectMany(s => s)];
    }

    public async Task<Job> CancelAsync()
    {
        if (Current.State == JobState.Cancelled) return Current;
        var now = time.GetUtcNow();
        Move(JobState.Cancelled, "cancelled by request");
        foreach (var task in new[] { S.PlanTask, S.EncodeTask })
            if (task is not null && TaskCancellation.Applies(task)) Set(TaskCancellation.Apply(task, now));
        S.AttemptSilos.Clear();
        await state.WriteStateAsync();
        await Task.WhenAll(Shots().Select(s => s.CancelAsync()));
        await TaskOwners.Dispatcher(GrainFactory).JobStoppedAsync(Id);
        return Current;
    }

    public Task<Job> ResumeAsync() => Current.State is JobState.Failed or JobState.Cancelled
        ? RestartAsync(TaskResetScope.AllUnfinished, "resumed: unfinished tasks reset, succeeded tasks and their artifacts kept")
        : throw new InvalidOperationException($"job {Id} is {Current.State}: only a Failed or Cancelled job can be resumed");

    public Task<Job> RetryFailedAsync() => Current.State == JobState.Failed
        ? RestartAsync(TaskResetScope.FailedOnly, "retrying the failed tasks")
        : throw new InvalidOperationException($"job {Id} is {Current.State}: retry-failed applies to a Failed job (use resume for a Cancelled one)");

    public Task<IReadOnlyList<JobEvent>> EventsAsync() => Task.FromResult<IReadOnlyList<JobEvent>>(S.Events.ToList());

    public async Task<TaskProgress> ProgressAsync()
    {
        // After a reactivation the shots have not reported yet: ask those missing.
        var missing = Enumerable.Range(0, S.ShotCount).Where(s => !_shots.ContainsKey(s)).ToList();
        var asked = await Task.WhenAll(missing.Select(s => GrainFactory.GetGrain<IShotGrain>(ShotKey.Of(Id, s)).TasksAsync()));
        for (var i = 0; i < missing.Count; i++) _shots[missing[i]] = ShotProgress.Of(asked[i]);
        var own = TaskProgress.Of(new[] { S.PlanTask, S.EncodeTask }.OfType<TaskRecord>());
        var counts = new[] { own.Blocked, own.Ready, own.Leased, own.Succeeded, own.Failed, own.Cancelled };
        foreach (var shot in _shots.Values)
            for (var i = 0; i < counts.Length; i++) counts[i] += shot.Counts[i];
        var failure = own.FirstFailure ?? _shots.Values.Select(s => s.FirstFailure).FirstOrDefault(f => f is not null);
        return new TaskProgress(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], failure);
    }

    public async Task ShotChangedAsync(int shot, ShotProgress progress)
    {
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
            await state.WriteStateAsync();
            Offer(S.EncodeTask!);
            return;
        }
        await state.WriteStateAsync();
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
        var now = time.GetUtcNow();
        S.Job = job with { Plan = plan };
        S.ShotCount = plan.Shots.Count;
        S.EncodeTask = TaskRecord.New(graph.Tasks.Single(t => t.Kind == TaskKind.Encode), now);
        var segments = graph.Tasks.Count(t => t.Kind == TaskKind.Flow);
        Move(JobState.Running, $"running: {graph.Count} tasks for {plan.FrameCount} frames in {plan.Shots.Count} shots, {segments} segments, {job.Spec.Passes} passes");
        await state.WriteStateAsync();
        var byShot = graph.Tasks.Where(t => t.Kind is TaskKind.Flow or TaskKind.Stylize).GroupBy(t => t.Id.Shot);
        await Task.WhenAll(byShot.Select(g => GrainFactory.GetGrain<IShotGrain>(ShotKey.Of(Id, g.Key)).InitializeAsync(g.ToList())));
    }

    private async Task FinishedAsync(TaskRecord encode)
    {
        Move(JobState.Succeeded, $"succeeded: output at {Current.Spec.Output}");
        await state.WriteStateAsync();
        await TaskOwners.Dispatcher(GrainFactory).JobStoppedAsync(Id);
        _ = encode;
    }

    private async Task FailAsync(TaskFailureSummary failure)
    {
        if (S.Job is not { } job || !JobStateMachine.CanMove(job.State, JobState.Failed)) return;
        Move(JobState.Failed, $"failed: {failure}", failure.ToString());
        await state.WriteStateAsync();
        await Task.WhenAll(Shots().Select(s => s.HaltAsync()));
        await TaskOwners.Dispatcher(GrainFactory).JobStoppedAsync(Id);
    }

    private async Task<Job> RestartAsync(TaskResetScope scope, string message)
    {
        var now = time.GetUtcNow();
        foreach (var task in new[] { S.PlanTask, S.EncodeTask })
            if (task is not null && TaskReset.Applies(task, scope)) Set(TaskReset.Apply(task, now));
        if (S.PlanTask is { State: TaskState.Blocked } plan) Set(plan.MoveTo(TaskState.Ready, now));
        var planned = S.PlanTask?.State == TaskState.Succeeded;
        Move(JobState.Planning, message);
        if (planned) Move(JobState.Running, "running again");
        if (planned && S.EncodeTask is { State: TaskState.Blocked } encode && S.DoneShots.Count == S.ShotCount)
            Set(encode.MoveTo(TaskState.Ready, now));
        await state.WriteStateAsync();
        await TaskOwners.Dispatcher(GrainFactory).JobStartedAsync(Id);
        await Task.WhenAll(Shots().Select(s => s.ResetAsync(scope)));
        foreach (var task in new[] { S.PlanTask, S.EncodeTask })
            if (task?.State == TaskState.Ready) Offer(task);
        return Current;
    }

    private IEnumerable<IShotGrain> Shots() => Enumerable.Range(0, S.ShotCount).Select(s => GrainFactory.GetGrain<IShotGrain>(ShotKey.Of(Id, s)));

    private TaskRecord? Own(TaskId task) => task.Kind == TaskKind.Plan ? S.PlanTask : task.Kind == TaskKind.Encode ? S.EncodeTask : null;

    private TaskRecord Set(TaskRecord record)
    {
        if (record.Id.Kind == TaskKind.Plan) S.PlanTask = record;
        else S.EncodeTask = record;
        return record;
    }

    private void Move(JobState to, string message, string? error = null)
    {
        var now = time.GetUtcNow();
        S.Job = Current.MoveTo(to, now, error);
        Record(now, message);
    }

    private void Record(DateTimeOffset at, string message) => S.Events.Add(new JobEvent(Id, at, Current.State, message));

    private void Offer(TaskRecord task) =>
        TaskOwners.Dispatcher(GrainFactory).OfferAsync([AttemptRules.OfferOf(task)]).Ignore();
}
