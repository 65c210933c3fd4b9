using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.StateMachines;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Coordination;

/// <summary>
/// Advances jobs through their life; all its state is in the store, so any silo may hold the role
/// and a restarted coordinator carries on. One step of <see cref="AdvanceAsync"/>:
/// <list type="bullet">
/// <item>Submitted: create the plan task → Planning.</item>
/// <item>Planning: when the plan task has succeeded, build the task graph from the stored plan and
/// insert it (idempotently) → Running; when it has failed → Failed.</item>
/// <item>Running: promote Blocked tasks whose dependencies succeeded; a task that used up its
/// attempts → Failed with its error; the encode task succeeded → Succeeded.</item>
/// </list>
/// Users act through <see cref="CancelAsync"/>, <see cref="ResumeAsync"/> and <see cref="RetryFailedAsync"/>.
/// </summary>
public sealed class Coordinator
{
    private readonly ICoordinatorStore _store;
    private readonly TaskGraphBuilder _graphs;
    private readonly TimeProvider _time;

    /// <summary>Coordinates the jobs of <paramref name="store"/>, building graphs with <paramref name="graphs"/>, on the clock of <paramref name="time"/>.</summary>
    public Coordinator(ICoordinatorStore store, TaskGraphBuilder graphs, TimeProvider time)
    {
        _store = store;
        _graphs = graphs;
        _time = time;
    }

    /// <summary>Validates and stores a new job in state Submitted.</summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message names the field.</exception>
    public async Task<Job> SubmitAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        spec.Validate();
        var now = _time.GetUtcNow();
        var job = new Job(JobId.New(_time), spec, JobState.Submitted, now, now);
        await _store.InsertJobAsync(job, cancellationToken).ConfigureAwait(false);
        await _store.AppendEventAsync(new JobEvent(job.Id, now, JobState.Submitted, $"submitted: {spec.Input} in the style of {string.Join(", ", spec.StyleImages)}"), cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <summary>Advances every Submitted, Planning and Running job; returns them as they are afterwards.</summary>
    public async Task<IReadOnlyList<Job>> AdvanceAllAsync(CancellationToken cancellationToken)
    {
        var jobs = await _store.ListJobsAsync(JobStateMachine.Active, cancellationToken).ConfigureAwait(false);
        var advanced = new List<Job>(jobs.Count);
        foreach (var job in jobs)
            advanced.Add(await AdvanceAsync(job.Id, cancellationToken).ConfigureAwait(false));
        return advanced;
    }

    /// <summary>Takes the job as far as the store's state allows now (several moves at once when possible).</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public async Task<Job> AdvanceAsync(JobId id, CancellationToken cancellationToken)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        // Submitted → Planning → Running → Succeeded is the longest run of moves one call can make.
        for (var step = 0; step < 4; step++)
        {
            var next = job.State switch
            {
                JobState.Submitted => await StartPlanningAsync(job, cancellationToken).ConfigureAwait(false),
                JobState.Planning => await FinishPlanningAsync(job, cancellationToken).ConfigureAwait(false),
                JobState.Running => await ReconcileAsync(job, cancellationToken).ConfigureAwait(false),
                _ => job,
            };
            if (next.State == job.State) return next;
            job = next;
        }
        return job;
    }

    /// <summary>
    /// Cancels the job: no task of it is leased any more, and leased ones lose their lease (their
    /// holders stop at the next heartbeat). Cancelling a cancelled job again is harmless.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    /// <exception cref="IllegalTransitionException">The job already succeeded.</exception>
    public async Task<Job> CancelAsync(JobId id, CancellationToken cancellationToken)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        // A lost race re-reads the job and tries again from its new state (which may forbid the cancel).
        for (var tries = 0; job.State != JobState.Cancelled; tries++)
        {
            if (tries == 5)
                throw new InvalidOperationException($"job {id} kept changing state while being cancelled (now {job.State}): try again");
            job = await MoveAsync(job, JobState.Cancelled, "cancelled by request", null, cancellationToken).ConfigureAwait(false);
        }
        // After the job's move, so no new lease can slip in; repeating it finishes a cancel cut short by a crash.
        await _store.CancelTasksAsync(id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <summary>
    /// Resumes a Failed or Cancelled job: succeeded tasks keep their state and artifacts; every other
    /// task that is not leased goes back to Blocked with its attempts reset and then Ready as its
    /// dependencies allow; the job's blocklist is lifted. The job then advances as usual.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    /// <exception cref="InvalidOperationException">The job is neither Failed nor Cancelled.</exception>
    public async Task<Job> ResumeAsync(JobId id, CancellationToken cancellationToken)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (job.State is not (JobState.Failed or JobState.Cancelled))
            throw new InvalidOperationException($"job {id} is {job.State}: only a Failed or Cancelled job can be resumed");
        var now = _time.GetUtcNow();
        var reset = await _store.ResetTasksAsync(id, TaskResetScope.AllUnfinished, now, cancellationToken).ConfigureAwait(false);
        await _store.ClearSiloFailuresAsync(id, cancellationToken).ConfigureAwait(false);
        await _store.PromoteReadyAsync(id, now, cancellationToken).ConfigureAwait(false);
        // A job cancelled before its plan task existed starts over; any other goes through Planning, which re-creates missing tasks.
        var planned = await _store.GetTaskAsync(TaskId.Plan(id), cancellationToken).ConfigureAwait(false) is not null;
        var target = planned ? JobState.Planning : JobState.Submitted;
        job = await MoveAsync(job, target, $"resumed: {reset} unfinished tasks reset, succeeded tasks and their artifacts kept", null, cancellationToken).ConfigureAwait(false);
        return await AdvanceAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retries a Failed job's failed tasks: they go back to Blocked with their attempts reset, then
    /// Ready as their dependencies allow. Other tasks keep their attempts and the blocklist stays.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    /// <exception cref="InvalidOperationException">The job is not Failed.</exception>
    public async Task<Job> RetryFailedAsync(JobId id, CancellationToken cancellationToken)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (job.State != JobState.Failed)
            throw new InvalidOperationException($"job {id} is {job.State}: retry-failed applies to a Failed job (use resume for a Cancelled one)");
        var now = _time.GetUtcNow();
        var reset = await _store.ResetTasksAsync(id, TaskResetScope.FailedOnly, now, cancellationToken).ConfigureAwait(false);
        await _store.PromoteReadyAsync(id, now, cancellationToken).ConfigureAwait(false);
        job = await MoveAsync(job, JobState.Planning, $"retrying {reset} failed tasks", null, cancellationToken).ConfigureAwait(false);
        return await AdvanceAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Job> StartPlanningAsync(Job job, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await _store.InsertTasksAsync([TaskRecord.New(_graphs.PlanTask(job.Id), now)], cancellationToken).ConfigureAwait(false);
        await _store.PromoteReadyAsync(job.Id, now, cancellationToken).ConfigureAwait(false);
        return await MoveAsync(job, JobState.Planning, "planning: probing the input and finding its shots", null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Job> FinishPlanningAsync(Job job, CancellationToken cancellationToken)
    {
        var planTask = await _store.GetTaskAsync(TaskId.Plan(job.Id), cancellationToken).ConfigureAwait(false);
        if (planTask is null)
        {
            // A crash between the job's move and the insert is not possible (insert comes first), but a store restored from backup may lack it.
            var now = _time.GetUtcNow();
            await _store.InsertTasksAsync([TaskRecord.New(_graphs.PlanTask(job.Id), now)], cancellationToken).ConfigureAwait(false);
            await _store.PromoteReadyAsync(job.Id, now, cancellationToken).ConfigureAwait(false);
            return job;
        }
        if (planTask.State == TaskState.Failed)
        {
            var failure = new TaskFailureSummary(planTask.Id, planTask.Attempts, planTask.LastError ?? "no error was recorded");
            return await MoveAsync(job, JobState.Failed, $"failed: {failure}", failure.ToString(), cancellationToken).ConfigureAwait(false);
        }
        if (planTask.State != TaskState.Succeeded) return job;
        if (job.Plan is null)
        {
            const string missing = "the plan task succeeded but stored no plan: the plan executor must commit its JobPlan with the task";
            return await MoveAsync(job, JobState.Failed, $"failed: {missing}", missing, cancellationToken).ConfigureAwait(false);
        }
        TaskGraph graph;
        try
        {
            graph = _graphs.Build(job.Id, job.Spec, job.Plan);
        }
        catch (ArgumentException e)
        {
            var error = $"the plan cannot be turned into tasks: {e.Message}";
            return await MoveAsync(job, JobState.Failed, $"failed: {error}", error, cancellationToken).ConfigureAwait(false);
        }
        var at = _time.GetUtcNow();
        var records = graph.Tasks.Where(t => t.Kind != TaskKind.Plan).Select(t => TaskRecord.New(t, at)).ToList();
        await _store.InsertTasksAsync(records, cancellationToken).ConfigureAwait(false);
        await _store.PromoteReadyAsync(job.Id, at, cancellationToken).ConfigureAwait(false);
        var segments = records.Count(r => r.Spec.Kind == TaskKind.Flow);
        return await MoveAsync(job, JobState.Running,
            $"running: {graph.Count} tasks for {job.Plan.FrameCount} frames in {job.Plan.Shots.Count} shots, {segments} segments, {job.Spec.Passes} passes",
            null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Job> ReconcileAsync(Job job, CancellationToken cancellationToken)
    {
        await _store.PromoteReadyAsync(job.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var progress = await _store.GetProgressAsync(job.Id, cancellationToken).ConfigureAwait(false);
        if (progress.FirstFailure is { } failure)
            return await MoveAsync(job, JobState.Failed, $"failed: {failure}", failure.ToString(), cancellationToken).ConfigureAwait(false);
        var encode = await _store.GetTaskAsync(TaskId.Encode(job.Id), cancellationToken).ConfigureAwait(false);
        if (encode?.State == TaskState.Succeeded)
            return await MoveAsync(job, JobState.Succeeded, $"succeeded: {progress.Succeeded} tasks done, output at {job.Spec.Output}", null, cancellationToken).ConfigureAwait(false);
        return job;
    }

    private async Task<Job> MoveAsync(Job job, JobState to, string message, string? error, CancellationToken cancellationToken)
    {
        JobStateMachine.Move(job.State, to);
        var now = _time.GetUtcNow();
        if (!await _store.MoveJobAsync(job.Id, job.State, to, now, error, cancellationToken).ConfigureAwait(false))
        {
            // Someone else moved it first (a user's cancel, another coordinator): take the stored state as it is.
            return await GetAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }
        await _store.AppendEventAsync(new JobEvent(job.Id, now, to, message), cancellationToken).ConfigureAwait(false);
        return job with { State = to, UpdatedAt = now, Error = error };
    }

    private async Task<Job> GetAsync(JobId id, CancellationToken cancellationToken) =>
        await _store.GetJobAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new KeyNotFoundException($"job {id} does not exist: list the jobs with `stylefarm status`");
}
