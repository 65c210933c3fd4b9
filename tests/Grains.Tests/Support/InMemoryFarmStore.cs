using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Signals;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Support;

/// <summary>
/// The coordinator's, the workers' and the sweeper's store in memory, built only from the domain's
/// rules (eligibility, lease order, transitions, promotion, reset, cancel), one lock around all.
/// Raises its work signal when a task may have become leasable and its job signal when a job changes.
/// </summary>
public sealed class InMemoryFarmStore : ICoordinatorStore, ILeaseStore, ILeaseSweeperStore, ISiloRegistry, IWorkSignal, IJobEventLog
{
    private readonly object _gate = new();
    private readonly Dictionary<JobId, Job> _jobs = [];
    private readonly Dictionary<TaskId, TaskRecord> _tasks = [];
    private readonly List<JobEvent> _events = [];
    private readonly Dictionary<(JobId, SiloId), int> _failures = [];
    private readonly Dictionary<SiloId, SiloRecord> _silos = [];
    private readonly SignalHub _work = new();
    private readonly SignalHub _jobChanges = new();

    /// <summary>Every event appended, in order.</summary>
    public IReadOnlyList<JobEvent> Events
    {
        get { lock (_gate) return _events.ToList(); }
    }

    /// <summary>All tasks of a job, by id.</summary>
    public IReadOnlyList<TaskRecord> TasksOf(JobId job)
    {
        lock (_gate) return _tasks.Values.Where(t => t.Id.Job == job).OrderBy(t => t.Id).ToList();
    }

    /// <summary>One task (throws when missing).</summary>
    public TaskRecord TaskOf(TaskId id)
    {
        lock (_gate) return _tasks[id];
    }

    /// <summary>One job (throws when missing).</summary>
    public Job JobOf(JobId id)
    {
        lock (_gate) return _jobs[id];
    }

    /// <summary>Failures counted against a silo on a job.</summary>
    public int FailuresOf(SiloId silo, JobId job)
    {
        lock (_gate) return _failures.GetValueOrDefault((job, silo));
    }

    /// <summary>Registers a silo or records its heartbeat.</summary>
    public void PutSilo(SiloRecord silo)
    {
        lock (_gate) _silos[silo.Id] = silo;
    }

    public Task RegisterSiloAsync(SiloRecord silo, CancellationToken cancellationToken)
    {
        PutSilo(silo);
        return Task.CompletedTask;
    }

    public Task<bool> HeartbeatSiloAsync(SiloId silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_silos.TryGetValue(silo, out var record)) return Task.FromResult(false);
            _silos[silo] = record with { LastHeartbeat = at };
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveSiloAsync(SiloId silo, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_silos.Remove(silo));
    }

    public Task<SignalListener> ListenForWorkAsync(CancellationToken cancellationToken) => Task.FromResult(_work.Listen());

    public Task<SignalListener> ListenForJobChangesAsync(CancellationToken cancellationToken) => Task.FromResult(_jobChanges.Listen());

    public Task<IReadOnlyList<JobEventRecord>> ListEventsAsync(JobId? job, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
            return Task.FromResult<IReadOnlyList<JobEventRecord>>(_events
                .Select((e, i) => new JobEventRecord(i + 1, e))
                .Where(r => r.Sequence > after && (job is null || r.Event.Job == job))
                .Take(limit)
                .ToList());
    }

    public Task InsertJobAsync(Job job, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryAdd(job.Id, job)) throw new InvalidOperationException($"job {job.Id} exists");
        }
        _jobChanges.Raise();
        if (JobStateMachine.IsLeasable(job.State)) _work.Raise();
        return Task.CompletedTask;
    }

    public Task<Job?> GetJobAsync(JobId id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_jobs.GetValueOrDefault(id));
    }

    public Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Job>>(_jobs.Values.Where(j => states.Contains(j.State)).OrderBy(j => j.SubmittedAt).ThenBy(j => j.Id).ToList());
    }

    public Task<bool> MoveJobAsync(JobId id, JobState expected, JobState next, DateTimeOffset at, string? error, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(id, out var job) || job.State != expected) return Task.FromResult(false);
            _jobs[id] = job with { State = next, UpdatedAt = at, Error = error };
        }
        _jobChanges.Raise();
        if (JobStateMachine.IsLeasable(next)) _work.Raise();
        return Task.FromResult(true);
    }

    public Task AppendEventAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        lock (_gate) _events.Add(jobEvent);
        _jobChanges.Raise();
        return Task.CompletedTask;
    }

    public Task<int> InsertTasksAsync(IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        int inserted;
        lock (_gate) inserted = tasks.Count(t => _tasks.TryAdd(t.Id, t));
        if (tasks.Any(t => t.State == TaskState.Ready)) _work.Raise();
        return Task.FromResult(inserted);
    }

    public Task<TaskRecord?> GetTaskAsync(TaskId id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_tasks.GetValueOrDefault(id));
    }

    public Task<int> PromoteReadyAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var promote = _tasks.Values
                .Where(t => t.Id.Job == job && TaskReadiness.ShouldPromote(t, id => _tasks.TryGetValue(id, out var d) ? d.State : null))
                .ToList();
            foreach (var t in promote) _tasks[t.Id] = t.MoveTo(TaskState.Ready, now);
            if (promote.Count > 0) _work.Raise();
            return Task.FromResult(promote.Count);
        }
    }

    public Task<TaskProgress> GetProgressAsync(JobId job, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(TaskProgress.Of(_tasks.Values.Where(t => t.Id.Job == job)));
    }

    public Task<int> CancelTasksAsync(JobId job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var cancel = _tasks.Values.Where(t => t.Id.Job == job && TaskCancellation.Applies(t)).ToList();
            foreach (var t in cancel) _tasks[t.Id] = TaskCancellation.Apply(t, now);
            return Task.FromResult(cancel.Count);
        }
    }

    public Task<int> ResetTasksAsync(JobId job, TaskResetScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var reset = _tasks.Values.Where(t => t.Id.Job == job && TaskReset.Applies(t, scope)).ToList();
            foreach (var t in reset) _tasks[t.Id] = TaskReset.Apply(t, now);
            return Task.FromResult(reset.Count);
        }
    }

    public Task ClearSiloFailuresAsync(JobId job, CancellationToken cancellationToken)
    {
        lock (_gate)
            foreach (var key in _failures.Keys.Where(k => k.Item1 == job).ToList())
                _failures.Remove(key);
        _work.Raise();
        return Task.CompletedTask;
    }

    public Task<TaskRecord?> TryLeaseAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var best = _tasks.Values
                .Where(t => LeaseEligibility.IsEligible(t, _jobs[t.Id.Job].State, _failures.GetValueOrDefault((t.Id.Job, request.Silo)), request))
                .Order(new LeaseOrder(request.CachedSegments))
                .FirstOrDefault();
            if (best is null) return Task.FromResult<TaskRecord?>(null);
            var leased = LeaseTransitions.Grant(best, request);
            _tasks[leased.Id] = leased;
            return Task.FromResult<TaskRecord?>(leased);
        }
    }

    public Task<bool> RenewAsync(LeaseToken token, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HeldUnder(token) is not { } task) return Task.FromResult(false);
            _tasks[task.Id] = LeaseTransitions.Renew(task, token, expiresAt);
            return Task.FromResult(true);
        }
    }

    public Task<bool> CommitAsync(LeaseToken token, DateTimeOffset now, JobPlan? plan, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HeldUnder(token) is not { } task) return Task.FromResult(false);
            if ((task.Spec.Kind == TaskKind.Plan) != (plan is not null))
                throw new ArgumentException($"task {task.Id} is a {task.Spec.Kind} task: a plan comes with a Plan task and with no other", nameof(plan));
            _tasks[task.Id] = LeaseTransitions.Commit(task, token, now);
            if (plan is not null) _jobs[task.Id.Job] = _jobs[task.Id.Job] with { Plan = plan };
            return Task.FromResult(true);
        }
    }

    public Task<bool> FailAsync(TaskFailure failure, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(failure.Task, out var task) || !LeaseTransitions.IsHeldUnder(task, failure.Token)) return Task.FromResult(false);
            Apply(task, failure);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<TaskRecord>> ListLeasedAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<TaskRecord>>(_tasks.Values.Where(t => t.State == TaskState.Leased).OrderBy(t => t.Id).ToList());
    }

    public Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<SiloRecord>>(_silos.Values.OrderBy(s => s.Id.Value, StringComparer.Ordinal).ToList());
    }

    public Task<bool> ExpireAsync(TaskFailure failure, DateTimeOffset observedExpiry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(failure.Task, out var task) || !LeaseTransitions.IsHeldUnder(task, failure.Token)
                || task.Lease!.ExpiresAt != observedExpiry)
                return Task.FromResult(false);
            Apply(task, failure);
            return Task.FromResult(true);
        }
    }

    private void Apply(TaskRecord task, TaskFailure failure)
    {
        _tasks[task.Id] = failure.ApplyTo(task);
        var key = (task.Id.Job, failure.Silo);
        _failures[key] = _failures.GetValueOrDefault(key) + 1;
        if (failure.NextState == TaskState.Ready) _work.Raise();
    }

    private TaskRecord? HeldUnder(LeaseToken token) =>
        _tasks.Values.FirstOrDefault(t => LeaseTransitions.IsHeldUnder(t, token));
}
