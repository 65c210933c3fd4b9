using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The grain of one shot; see <see cref="IShotGrain"/>. Its tasks live in memory as records and are persisted compactly
/// (<see cref="ShotTasks"/>) when a task finishes or is reset, not when an attempt begins: a lost attempt only
/// makes its task Ready again. A change whose write fails is undone in memory (and the caller gets the error), so
/// memory never runs ahead of storage: the worker finishing an attempt while the database restarts tries again.
/// </summary>
[CoordinatorPlacement]
public sealed class ShotGrain(
    [PersistentState("shot", GrainServices.Storage)] IPersistentState<ShotGrainState> state,
    AttemptRules rules,
    GrainClock time,
    DispatcherOptions options,
    ILogger<ShotGrain> log) : Grain, IShotGrain
{
    private List<TaskRecord> Tasks { get; set; } = [];

    // The Orleans address of the silo of each attempt out, by task key (memory only, like the attempts).
    private readonly Dictionary<string, string> _attemptSilos = [];

    private readonly FinishedAttempts _finished = new();

    // Tasks taken back from a dead silo and not begun again: offered as lost, so that they go first (memory only, like the attempts).
    private readonly HashSet<string> _lost = [];

    // The stamp of the last report to the job.
    private long _reported;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Layout is null)
        {
            // Where the coordination grains live, in each silo's own log (bench/farm-throughput.sh --kills reads it).
            log.LogInformation("shot {Shot}: activated here, new", this.GetPrimaryKeyString());
            return;
        }
        // A shot that moved (its silo died, or only the silo holding its directory entry) lost its attempts with its memory:
        // their tasks are stored Ready. Those the dispatcher still counts out run on live silos and are taken back as they were.
        Tasks = ShotTasks.Restore(state.State);
        var kept = await KeepAttemptsOutAsync();
        var ready = Tasks.Where(t => t.State == TaskState.Ready).ToList();
        log.LogInformation("shot {Shot}: activated here, {Kept} attempts still out, offering {Count} ready tasks", this.GetPrimaryKeyString(), kept, ready.Count);
        Offer(ready);
    }

    // Marks Leased again, under their own tokens, the Ready tasks whose attempts the dispatcher still counts out. Without this,
    // killing any silo stopped the running work of the survivors whose shots' directory entries it held (found by
    // bench/farm-throughput.sh --kills). The dispatcher persists its list, so this holds when it moved too (killed with this
    // shot); an attempt of a dead silo taken back here is abandoned by the dispatcher a moment later, and offered as lost.
    private async Task<int> KeepAttemptsOutAsync()
    {
        IReadOnlyList<HeldAttempt> running;
        try
        {
            running = await TaskOwners.Dispatcher(GrainFactory).RunningAsync(Key.Job).WaitAsync(options.OwnerCallTimeout);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // The dispatcher cannot be reached (its silo died and it has not moved yet): the attempts are lost; their tasks run again.
            log.LogWarning("shot {Shot}: could not ask the dispatcher for the attempts out ({Error}); their tasks are offered again", this.GetPrimaryKeyString(), e.Message);
            return 0;
        }
        var kept = 0;
        foreach (var attempt in running)
        {
            var index = IndexOf(attempt.Task);
            // The list may be a flush interval old: an attempt whose end is stored is not taken back.
            if (index < 0 || !AttemptRules.Adopts(Tasks[index], attempt)) continue;
            Tasks[index] = AttemptRules.Begin(Tasks[index], attempt.Token, attempt.Silo, attempt.Since);
            _attemptSilos[attempt.Task.Key] = attempt.SiloAddress;
            kept++;
        }
        return kept;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.LogInformation("shot {Shot}: deactivated ({Reason})", this.GetPrimaryKeyString(), reason.Description);
        return Task.CompletedTask;
    }

    private (Jobs.JobId Job, int Shot) Key => ShotKey.Parse(this.GetPrimaryKeyString());

    public async Task InitializeAsync(IReadOnlyList<TaskSpec> tasks, int run)
    {
        if (Tasks.Count == 0)
        {
            var now = time.GetUtcNow();
            state.State.Run = run;
            var ordered = tasks.OrderBy(t => t.Id).ToList();
            state.State.Layout = ShotTasks.Layout(ordered);
            Tasks = ordered.Select(t => TaskRecord.New(t, now)).ToList();
            Promote(now);
            try
            {
                await SaveAsync();
            }
            catch
            {
                (state.State.Layout, Tasks) = (null, []);
                throw;
            }
        }
        Offer(Tasks.Where(t => t.State == TaskState.Ready));
    }

    public Task<TaskRecord?> BeginAsync(TaskId task, LeaseToken token, string silo, string siloAddress)
    {
        var now = time.GetUtcNow();
        var index = IndexOf(task);
        if (index < 0 || !state.State.Running || !AttemptRules.CanBegin(Tasks[index], now)) return Task.FromResult<TaskRecord?>(null);
        Tasks[index] = AttemptRules.Begin(Tasks[index], token, silo, now);
        _attemptSilos[task.Key] = siloAddress;
        _lost.Remove(task.Key);
        Report();
        return Task.FromResult<TaskRecord?>(Tasks[index]);
    }

    public async Task<bool> FinishAsync(AttemptResult result)
    {
        var index = IndexOf(result.Task);
        if (_finished.Contains(result.Token)) return true;
        if (index < 0 || !LeaseTransitions.IsHeldUnder(Tasks[index], result.Token)) return false;
        var now = time.GetUtcNow();
        var before = Tasks.ToList();
        Tasks[index] = rules.Finish(Tasks[index], result, now);
        var promoted = Promote(now);
        await SaveOrUndoAsync(before);
        _finished.Add(result.Token);
        _attemptSilos.Remove(result.Task.Key);
        TaskOwners.Dispatcher(GrainFactory).ReleasedAsync(result.Token, failed: result.Error is not null).Ignore();
        if (Tasks[index].State == TaskState.Ready) promoted.Add(Tasks[index]);
        Offer(promoted);
        return true;
    }

    public Task<bool> HoldsAsync(TaskId task, LeaseToken token)
    {
        var index = IndexOf(task);
        return Task.FromResult(index >= 0 && LeaseTransitions.IsHeldUnder(Tasks[index], token));
    }

    public async Task<bool> AbandonAsync(TaskId task, LeaseToken token, string reason)
    {
        var index = IndexOf(task);
        if (index < 0 || !LeaseTransitions.IsHeldUnder(Tasks[index], token)) return false;
        var before = Tasks.ToList();
        Tasks[index] = rules.Abandon(Tasks[index], reason, time.GetUtcNow());
        await SaveOrUndoAsync(before);
        _attemptSilos.Remove(task.Key);
        if (Tasks[index].State == TaskState.Ready)
        {
            _lost.Add(task.Key);
            Offer([Tasks[index]]);
        }
        log.LogInformation("shot {Shot}: {Task} taken back ({Reason}); {State}", this.GetPrimaryKeyString(), task.Key, reason, Tasks[index].State);
        return true;
    }

    public Task<IReadOnlyList<HeldAttempt>> ReofferAsync()
    {
        Offer(Tasks.Where(t => t.State == TaskState.Ready));
        IReadOnlyList<HeldAttempt> held = Tasks.Where(t => t.State == TaskState.Leased && t.Lease is not null)
            .Select(t => AttemptRules.HeldOf(t, _attemptSilos.GetValueOrDefault(t.Id.Key, "")))
            .ToList();
        return Task.FromResult(held);
    }

    public async Task CancelAsync()
    {
        var now = time.GetUtcNow();
        var before = Tasks.ToList();
        for (var i = 0; i < Tasks.Count; i++)
            if (TaskCancellation.Applies(Tasks[i])) Tasks[i] = TaskCancellation.Apply(Tasks[i], now);
        await SaveOrUndoAsync(before);
        _attemptSilos.Clear();
        _lost.Clear();
    }

    public async Task HaltAsync()
    {
        state.State.Running = false;
        try
        {
            await SaveAsync();
        }
        catch
        {
            state.State.Running = true;
            throw;
        }
    }

    public async Task ResetAsync(TaskResetScope scope, int run)
    {
        var now = time.GetUtcNow();
        var (before, wasRunning, wasRun) = (Tasks.ToList(), state.State.Running, state.State.Run);
        for (var i = 0; i < Tasks.Count; i++)
            if (TaskReset.Applies(Tasks[i], scope)) Tasks[i] = TaskReset.Apply(Tasks[i], now);
        state.State.Running = true;
        state.State.Run = Math.Max(run, wasRun);
        var promoted = Promote(now);
        try
        {
            await SaveOrUndoAsync(before);
        }
        catch
        {
            (state.State.Running, state.State.Run) = (wasRunning, wasRun);
            throw;
        }
        Offer(promoted.Count > 0 ? promoted : Tasks.Where(t => t.State == TaskState.Ready));
    }

    public Task<IReadOnlyList<TaskRecord>> TasksAsync() => Task.FromResult<IReadOnlyList<TaskRecord>>(Tasks.ToList());

    // Blocked → Ready where every dependency succeeded; the plan, a dependency outside the shot, succeeded before the shot existed.
    private List<TaskRecord> Promote(DateTimeOffset now)
    {
        var states = Tasks.ToDictionary(t => t.Id, t => t.State);
        var promoted = new List<TaskRecord>();
        for (var i = 0; i < Tasks.Count; i++)
        {
            if (!TaskReadiness.ShouldPromote(Tasks[i], d => d.Kind == TaskKind.Plan ? TaskState.Succeeded : states.GetValueOrDefault(d))) continue;
            Tasks[i] = Tasks[i].MoveTo(TaskState.Ready, now);
            promoted.Add(Tasks[i]);
        }
        return promoted;
    }

    // Writes the change; when the write fails, memory goes back to what storage holds and the caller hears why.
    private async Task SaveOrUndoAsync(List<TaskRecord> before)
    {
        try
        {
            await SaveAsync();
        }
        catch
        {
            Tasks = before;
            state.State.Entries = ShotTasks.Entries(Tasks);
            throw;
        }
    }

    private async Task SaveAsync()
    {
        state.State.Entries = ShotTasks.Entries(Tasks);
        await state.WriteStateAsync();
        Report();
    }

    // The job counts its shots' tasks for status and learns that a shot is done. Reports are stamped in order: increasing
    // within this activation, and by the wall clock across activations (a shot that moved reports later than it did before).
    private void Report()
    {
        var (job, shot) = Key;
        _reported = Math.Max(_reported + 1, DateTime.UtcNow.Ticks);
        GrainFactory.GetGrain<IJobGrain>(job.ToString()).ShotChangedAsync(shot, ShotProgress.Of(Tasks) with { Sequence = _reported, Run = state.State.Run }).Ignore();
    }

    private void Offer(IEnumerable<TaskRecord> ready)
    {
        if (!state.State.Running) return;
        var offers = ready.Select(t => AttemptRules.OfferOf(t, _lost.Contains(t.Id.Key))).ToList();
        if (offers.Count > 0) TaskOwners.Dispatcher(GrainFactory).OfferAsync(offers).Ignore();
    }

    private int IndexOf(TaskId task) => Tasks.FindIndex(t => t.Id == task);
}
