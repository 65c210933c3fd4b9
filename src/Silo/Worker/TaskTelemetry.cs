using System.Diagnostics;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// What one attempt on a worker records: its span (a child of the job's, <see cref="StyleFarmTracing.StartTask"/>), each
/// frame it stylizes (<c>stylefarm.frames.stylized</c>, <c>stylefarm.frame.duration</c>), its duration and outcome, and
/// the seam ratio its encode measured. A frame's duration is the wall time since the task's previous frame ended (for
/// the task's first frame, since the executor started, which includes reading the segment's content and flows).
/// </summary>
internal sealed class TaskTelemetry(StyleFarmMetrics? metrics, StyleFarmTracing? tracing, TaskRecord task, string silo, TimeProvider time)
{
    private Activity? _span;
    private StylizationMethod _method;
    private int _width, _height;
    private long _frameStart;

    /// <summary>The executor starts on <paramref name="job"/>: the span starts (it is <see cref="Activity.Current"/> for what the executor calls).</summary>
    public void Started(Job job)
    {
        _span = tracing?.StartTask(job, task, silo);
        _method = job.Spec.Method;
        (_width, _height) = job.Plan is { } plan ? (plan.Width, plan.Height) : (0, 0);
        _frameStart = time.GetTimestamp();
    }

    /// <summary>A progress report: a frame computed (not one resumed from its stored result, whose loss is NaN) is counted and timed.</summary>
    public void Report(RenderProgress progress)
    {
        if (!progress.FrameFinished) return;
        var now = time.GetTimestamp();
        if (!double.IsNaN(progress.Loss)) metrics?.FrameStylized(_method, _width, _height, time.GetElapsedTime(_frameStart, now));
        _frameStart = now;
    }

    /// <summary>The attempt ended with <paramref name="result"/>: its duration and outcome are recorded, its span closed with its status.</summary>
    public void Ended(TaskRunResult result)
    {
        var outcome = result.Status switch
        {
            TaskRunStatus.Committed => "committed",
            TaskRunStatus.Failed => "failed",
            TaskRunStatus.LeaseLost => "lease_lost",
            _ => "stopped",
        };
        metrics?.TaskEnded(task.Spec.Kind, outcome, result.Elapsed);
        if (result.Outcome?.Metrics?.SeamError.Ratio is { } ratio && double.IsFinite(ratio)) metrics?.JobSeamRatio(_method, ratio);
        if (_span is null) return;
        _span.SetTag("stylefarm.task.outcome", outcome);
        // The error is the one the job shows its users, already without SAS signatures (Worker.Describe).
        if (result.Status == TaskRunStatus.Failed) _span.SetStatus(ActivityStatusCode.Error, result.Error);
        else if (result.Status == TaskRunStatus.Committed) _span.SetStatus(ActivityStatusCode.Ok);
        _span.Dispose();
    }
}
