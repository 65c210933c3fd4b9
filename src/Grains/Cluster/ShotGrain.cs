using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The grain of one shot; see <see cref="IShotGrain"/>. Its tasks live in memory as records and are persisted compactly
/// (<see cref="ShotTasks"/>) when a task finishes or is reset, not when an attempt begins: a lost attempt only
/// makes its task Ready again.
/// </summary>
public sealed class ShotGrain(
    [PersistentState("shot", GrainServices.Storage)] IPersistentState<ShotGrainState> state,
    AttemptRules rules,
    TimeProvider time) : Grain, IShotGrain
{
    private List<TaskRecord> Tasks { get; set; } = [];

    // The Orleans address of the silo of each attempt out, by task key (memory only, like the attempts).
    private readonly Dictionary<string, string> _attemptSilos = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Layout is null) return Task.CompletedTask;
        // A shot moved to another silo (its silo died): its attempts were lost with it, and their tasks are Ready again.
        Tasks = ShotTasks.Restore(state.State);
        Offer(Tasks.Where(t => t.State == TaskState.Ready));
        return Task.CompletedTask;
    }

    private (Jobs.JobId Job, int Shot) Key => ShotKey.Parse(this.GetPrimaryKeyString());

    public async Task InitializeAsync(IReadOnlyList<TaskSpec> tasks)
    {
        if (Tasks.Count == 0)
        {
            var now = time.GetUtcNow();
            var ordered = tasks.OrderBy(t => t.Id).ToList();
            state.State.Layout = ShotTasks.Layout(ordered);
            Tasks = ordered.Select(t => TaskRecord.New(t, now)).ToList();
            Promote(now);
            await SaveAsync();
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
        Report();
        return Task.FromResult<TaskRecord?>(Tasks[index]);
    }

    public async Task<bool> FinishAsync(AttemptResult result)
    {
        var index = IndexOf(result.Task);
        if (index < 0 || !LeaseTransitions.IsHeldUnder(Tasks[index], result.Token)) return false;
        var now = time.GetUtcNow();
        Tasks[index] = rules.Finish(Tasks[index], result, now);
        _attemptSilos.Remove(result.Task.Key);
        var promoted = Promote(now);
        await SaveAsync();
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
        Tasks[index] = rules.Abandon(Tasks[index], reason, time.GetUtcNow());
        _attemptSilos.Remove(task.Key);
        await SaveAsync();
        if (Tasks[index].State == TaskState.Ready) Offer([Tasks[index]]);
        return true;
    }

    public Task<IReadOnlyList<HeldAttempt>> ReofferAsync()
    {
        Offer(Tasks.Where(t => t.State == TaskState.Ready));
        IReadOnlyList<HeldAttempt> held = Tasks.Where(t => t.State == TaskState.Leased && t.Lease is not null)
            .Select(t => new HeldAttempt { Task = t.Id, Token = t.Lease!.Token, SiloAddress = _attemptSilos.GetValueOrDefault(t.Id.Key, "") })
            .ToList();
        return Task.FromResult(held);
    }

    public async Task CancelAsync()
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < Tasks.Count; i++)
            if (TaskCancellation.Applies(Tasks[i])) Tasks[i] = TaskCancellation.Apply(Tasks[i], now);
        _attemptSilos.Clear();
        await SaveAsync();
    }

    public async Task HaltAsync()
    {
        state.State.Running = false;
        await SaveAsync();
    }

    public async Task ResetAsync(TaskResetScope scope)
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < Tasks.Count; i++)
            if (TaskReset.Applies(Tasks[i], scope)) Tasks[i] = TaskReset.Apply(Tasks[i], now);
        state.State.Running = true;
        var promoted = Promote(now);
        await SaveAsync();
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

    private async Task SaveAsync()
    {
        state.State.Entries = ShotTasks.Entries(Tasks);
        await state.WriteStateAsync();
        Report();
    }

    // The job counts its shots' tasks for status and learns that a shot is done.
    private void Report()
    {
        var (job, shot) = Key;
        GrainFactory.GetGrain<IJobGrain>(job.ToString()).ShotChangedAsync(shot, ShotProgress.Of(Tasks)).Ignore();
    }

    private void Offer(IEnumerable<TaskRecord> ready)
    {
        if (!state.State.Running) return;
        var offers = ready.Select(AttemptRules.OfferOf).ToList();
        if (offers.Count > 0) TaskOwners.Dispatcher(GrainFactory).OfferAsync(offers).Ignore();
    }

    private int IndexOf(TaskId task) => Tasks.FindIndex(t => t.Id == task);
}
