using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// What a job's task records say about its progress: the shots × segments grid, the per-silo timeline, the measured
/// rates and ETA. Pure: the records and the time in, the views out.
/// </summary>
public static class JobProgress
{
    /// <summary>The frames a stylize task stylizes: its segment with halos (the sweep covers them all); 0 for other kinds.</summary>
    public static int FramesOf(TaskRecord task) => task.Id.Kind == TaskKind.Stylize && task.Spec.Segment is { } s ? s.Halo.End - s.Halo.Start : 0;

    /// <summary>Progress, measured rates and ETA of <paramref name="status"/>'s job at <paramref name="now"/>.</summary>
    public static JobRates Rates(JobStatus status, IReadOnlyList<TaskRecord> tasks, DateTimeOffset now)
    {
        var job = status.Job;
        var finished = !JobStateMachine.Active.Contains(job.State);
        var until = finished ? job.UpdatedAt : now;
        var stylize = tasks.Where(t => t.Id.Kind == TaskKind.Stylize).ToList();
        var done = stylize.Where(t => t.State == TaskState.Succeeded).ToList();
        var workDone = done.Sum(FramesOf);
        var workTotal = stylize.Sum(FramesOf);
        var taskSeconds = done.Where(t => t.StartedAt is not null).Sum(t => (t.UpdatedAt - t.StartedAt!.Value).TotalSeconds);
        var timedFrames = done.Where(t => t.StartedAt is not null).Sum(FramesOf);
        double? secondsPerFrame = timedFrames > 0 ? taskSeconds / timedFrames : null;
        var firstStart = stylize.Where(t => t.StartedAt is not null).Select(t => t.StartedAt!.Value).DefaultIfEmpty().Min();
        var window = (until - firstStart).TotalMinutes;
        // Rounded so that a page whose tasks did not change is pushed again at most once a second.
        double? perMinute = workDone > 0 && firstStart != default && window > 0 ? Math.Round(workDone / window, 1) : null;
        double? eta = job.State == JobState.Running && perMinute is > 0 ? Math.Round((workTotal - workDone) / perMinute.Value * 60) : null;
        return new JobRates(status.FramesDone, job.Plan?.FrameCount, Math.Max(0, Math.Floor((until - job.SubmittedAt).TotalSeconds)), workDone, workTotal,
            secondsPerFrame, perMinute, eta);
    }

    /// <summary>The shots × segments grid: per segment, the passes that succeeded in order, the one running, and whether one failed.</summary>
    public static IReadOnlyList<GridShot> Grid(IReadOnlyList<TaskRecord> tasks) =>
        tasks.Where(t => t.Id.Kind == TaskKind.Stylize && t.Spec.Segment is not null)
            .GroupBy(t => t.Id.Shot)
            .OrderBy(g => g.Key)
            .Select(shot => new GridShot(shot.Key, shot.GroupBy(t => t.Id.Segment).OrderBy(g => g.Key).Select(Cell).ToList()))
            .ToList();

    private static GridCell Cell(IGrouping<int, TaskRecord> segment)
    {
        var byPass = segment.OrderBy(t => t.Id.Pass).ToList();
        // Passes succeed in order; a reset pass after a done one would show as not done from there.
        var passesDone = byPass.TakeWhile(t => t.State == TaskState.Succeeded).Count();
        var running = byPass.FirstOrDefault(t => t.State == TaskState.Leased)?.Id.Pass;
        var core = byPass[0].Spec.Segment!.Core;
        return new GridCell(segment.Key, core.Start, core.End, passesDone, running, byPass.Any(t => t.State == TaskState.Failed));
    }

    /// <summary>Per silo, the latest attempt of each task it ran or runs, oldest first; at most <paramref name="limit"/> bars in all (the newest).</summary>
    public static IReadOnlyList<SiloLane> Timeline(IReadOnlyList<TaskRecord> tasks, int limit = 500) =>
        tasks.Where(t => t.Silo is not null && t.StartedAt is not null)
            .OrderByDescending(t => t.StartedAt)
            .Take(limit)
            .GroupBy(t => t.Silo!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SiloLane(g.Key, g.OrderBy(t => t.StartedAt).Select(t =>
                new TimelineBar(t.Id.Key, t.Id.Kind, t.StartedAt!.Value, t.State == TaskState.Leased ? null : t.UpdatedAt, t.State)).ToList()))
            .ToList();

    /// <summary>Tasks whose last attempt failed (a retry pending or given up), failed first, then by key.</summary>
    public static IReadOnlyList<TaskErrorRow> Errors(IReadOnlyList<TaskRecord> tasks) =>
        tasks.Where(t => t.LastError is not null && t.State != TaskState.Succeeded)
            .OrderBy(t => t.State == TaskState.Failed ? 0 : 1).ThenBy(t => t.Id)
            .Select(t => new TaskErrorRow(t.Id.Key, t.State, t.AttemptsMade, t.Silo, Kernels.Video.MediaInput.Redact(t.LastError!)))
            .ToList();

    /// <summary>Which actions the job grain accepts in <paramref name="state"/> (the same rules it enforces).</summary>
    public static JobActions Actions(JobState state) => new(
        Cancel: JobStateMachine.CanMove(state, JobState.Cancelled),
        Resume: state is JobState.Failed or JobState.Cancelled,
        RetryFailed: state == JobState.Failed);
}
