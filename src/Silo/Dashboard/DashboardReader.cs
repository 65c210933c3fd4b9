using System.Globalization;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// Reads what the dashboard's pages show from grain state (the job list, job grains' status and events, the shots'
/// stored tasks without waking their grains, the dispatcher's counts, the membership table) and from the artifact store
/// (running segments' newest frames, finished jobs' metrics). Every grain call is bounded like the API's. A finished
/// job's tasks and metrics do not change, so they are read once and kept until its state changes again.
/// </summary>
public sealed class DashboardReader(ApiServices services, IArtifactStore? artifacts, DashboardOptions options, GrainCall call)
{
    private readonly JobViewBuilder _views = new(services.Metrics);
    private readonly Dictionary<JobId, (DateTimeOffset UpdatedAt, IReadOnlyList<TaskRecord> Tasks)> _finishedTasks = [];
    private readonly Dictionary<JobId, JobQuality?> _quality = [];
    private readonly Lock _lock = new();

    /// <summary>The farm page: silos with what they run, the queue, frames per minute over the last hour.</summary>
    public async Task<FarmPage> FarmAsync(CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var silos = await SiloList.ReadAsync(services, call, cancellationToken).ConfigureAwait(false);
        var (waiting, running) = await call.WithinAsync(services.Grains.GetGrain<IDispatcherGrain>(0).CountsAsync(), "the dispatcher's queue", cancellationToken)
            .ConfigureAwait(false);
        var listings = await JobListAsync(cancellationToken).ConfigureAwait(false);
        var tasks = new List<TaskRecord>();
        foreach (var listing in listings) tasks.AddRange(await TasksAsync(listing.Id, listing.State, listing.UpdatedAt, cancellationToken).ConfigureAwait(false));
        var bySilo = FarmActivity.BySilo(tasks);
        var rows = new List<SiloRow>();
        foreach (var silo in silos.OrderByDescending(s => s.Alive).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            var work = bySilo.GetValueOrDefault(silo.Id);
            var current = work?.Current is { } task ? await RunningTaskAsync(task, cancellationToken).ConfigureAwait(false) : null;
            rows.Add(new SiloRow(silo.Id, silo.Roles, silo.Gpus > 0 ? $"{silo.Gpus} GPU" : "cpu", silo.GpuMemoryBytes, silo.Alive, silo.Alive ? current : null,
                work?.Done ?? 0, work?.Failures ?? 0));
        }
        return new FarmPage(rows, waiting, running, FarmActivity.FramesPerMinute(tasks, now, options.ThroughputMinutes));
    }

    /// <summary>The jobs page: every job, newest first, with its progress and rates.</summary>
    public async Task<JobsPage> JobsAsync(CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var rows = new List<JobRow>();
        foreach (var listing in (await JobListAsync(cancellationToken).ConfigureAwait(false)).OrderByDescending(l => l.SubmittedAt))
        {
            var status = await call.WithinAsync(Job(listing.Id).StatusAsync(), $"job {listing.Id}'s status", cancellationToken).ConfigureAwait(false);
            if (status is null) continue;
            var tasks = await TasksAsync(listing.Id, status.Job.State, status.Job.UpdatedAt, cancellationToken).ConfigureAwait(false);
            var quality = await QualityAsync(status.Job, cancellationToken).ConfigureAwait(false);
            rows.Add(new JobRow(listing.Id.ToString(), status.Job.State, MediaInput.Redact(status.Job.Spec.Input), status.Job.SubmittedAt,
                JobProgress.Rates(status, tasks, now), quality?.SeamRatio));
        }
        return new JobsPage(rows);
    }

    /// <summary>The job page of <paramref name="id"/>; null when there is no such job.</summary>
    public async Task<JobPage?> JobAsync(JobId id, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var status = await call.WithinAsync(Job(id).StatusAsync(), $"job {id}'s status", cancellationToken).ConfigureAwait(false);
        if (status is null) return null;
        var job = status.Job;
        var tasks = await TasksAsync(id, job.State, job.UpdatedAt, cancellationToken).ConfigureAwait(false);
        var events = await call.WithinAsync(Job(id).EventsAsync(), $"job {id}'s events", cancellationToken).ConfigureAwait(false);
        var shown = events.Select((e, i) => JobEventView.Of(e, i + 1)).TakeLast(options.EventsShown).ToList();
        var running = new List<RunningSegment>();
        foreach (var task in tasks.Where(t => t.State == TaskState.Leased && t.Id.Kind == TaskKind.Stylize).OrderBy(t => t.Id))
            running.Add(await RunningSegmentAsync(job, task, cancellationToken).ConfigureAwait(false));
        var view = await _views.BuildAsync(status, cancellationToken).ConfigureAwait(false);
        return new JobPage(view, JobProgress.Rates(status, tasks, now), JobProgress.Grid(tasks), JobProgress.Timeline(tasks), running, shown,
            JobProgress.Errors(tasks), await QualityAsync(job, cancellationToken).ConfigureAwait(false), JobProgress.Actions(job.State));
    }

    /// <summary>The job <paramref name="id"/>, or null when there is none.</summary>
    public Task<Job?> JobRecordAsync(JobId id, CancellationToken cancellationToken) => call.WithinAsync(Job(id).GetAsync(), $"job {id}", cancellationToken);

    private IJobGrain Job(JobId id) => services.Grains.GetGrain<IJobGrain>(id.ToString());

    private Task<IReadOnlyList<JobListing>> JobListAsync(CancellationToken cancellationToken) =>
        call.WithinAsync(services.Grains.GetGrain<IJobListGrain>(0).ListAsync(), "the job list", cancellationToken);

    private async Task<IReadOnlyList<TaskRecord>> TasksAsync(JobId id, JobState state, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var finished = !JobStateMachine.Active.Contains(state);
        lock (_lock)
        {
            if (finished && _finishedTasks.TryGetValue(id, out var kept) && kept.UpdatedAt == updatedAt) return kept.Tasks;
        }
        var tasks = await call.WithinAsync(services.Tasks.ReadAsync(id, cancellationToken), $"job {id}'s tasks", cancellationToken).ConfigureAwait(false) ?? [];
        if (finished) lock (_lock) _finishedTasks[id] = (updatedAt, tasks);
        return tasks;
    }

    private async Task<JobQuality?> QualityAsync(Job job, CancellationToken cancellationToken)
    {
        if (job.State != JobState.Succeeded || artifacts is null) return null;
        lock (_lock)
        {
            if (_quality.TryGetValue(job.Id, out var kept)) return kept;
        }
        var metrics = await JobMetricsArtifact.ReadAsync(artifacts, job.Id, cancellationToken).ConfigureAwait(false);
        var quality = metrics is null ? null : new JobQuality(metrics.SeamError.Ratio, metrics.PairErrors ?? []);
        lock (_lock) _quality[job.Id] = quality;
        return quality;
    }

    private async Task<RunningTask> RunningTaskAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        var (done, _) = await CommittedFramesAsync(task, cancellationToken).ConfigureAwait(false);
        return new RunningTask(task.Id.Job.ToString(), task.Id.Key, task.Id.Kind, task.StartedAt, done, JobProgress.FramesOf(task));
    }

    private async Task<RunningSegment> RunningSegmentAsync(Job job, TaskRecord task, CancellationToken cancellationToken)
    {
        var (done, latest) = await CommittedFramesAsync(task, cancellationToken).ConfigureAwait(false);
        string? stylized = null, input = null;
        if (latest is { } frame)
        {
            var segment = task.Spec.Segment!;
            stylized = string.Create(CultureInfo.InvariantCulture,
                $"/dashboard/jobs/{job.Id}/frames/{segment.Shot}/{segment.Index}/{task.Id.Pass}/{frame.Frame}.jpg?v={frame.Version}");
            input = string.Create(CultureInfo.InvariantCulture, $"/dashboard/jobs/{job.Id}/input/{frame.Frame}.jpg");
        }
        return new RunningSegment(task.Id.Key, task.Id.Shot, task.Id.Segment, task.Id.Pass, task.Silo, done, JobProgress.FramesOf(task), latest?.Frame, stylized, input);
    }

    // The frames of a stylize task's pass committed by its current attempt (a retried attempt's leftovers are older), and the newest.
    private async Task<(int Done, (int Frame, long Version)? Latest)> CommittedFramesAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        if (artifacts is null || task.Id.Kind != TaskKind.Stylize || task.Spec.Segment is not { } segment) return (0, null);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{ArtifactKey.SegmentPrefix(task.Id.Job, segment)}pass/{task.Id.Pass:D2}/frame/");
        // Blob stores keep modification times to the second.
        var since = (task.StartedAt ?? DateTimeOffset.MinValue).AddSeconds(-1);
        var done = 0;
        ArtifactInfo? latest = null;
        await foreach (var info in artifacts.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (info.LastModified < since) continue;
            done++;
            if (latest is null || info.LastModified >= latest.LastModified) latest = info;
        }
        if (latest is null) return (done, null);
        var name = Path.GetFileNameWithoutExtension(latest.Key.Value);
        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var frame) ? (done, (frame, latest.LastModified.UtcTicks)) : (done, null);
    }
}
