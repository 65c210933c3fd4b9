using System.Diagnostics;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Telemetry;

/// <summary>
/// The farm's spans, from the <c>StyleFarm</c> activity source: a job span when a job is submitted, whose W3C context the
/// job keeps (<see cref="Job.TraceParent"/>), and one span per task attempt, a child of it on whichever silo runs the
/// task, however much later. The job span ends with the submission: an <see cref="Activity"/> cannot be resumed or
/// re-emitted with its span id on another silo, so the trace's extent (the job span's start to the last task span's end)
/// is the job's duration. Nothing is created while nobody listens (no exporter configured).
/// </summary>
public sealed class StyleFarmTracing : IDisposable
{
    /// <summary>The activity source's name, which a tracer subscribes to.</summary>
    public const string SourceName = "StyleFarm";

    private readonly ActivitySource _source = new(SourceName);

    /// <summary>
    /// Starts the span of submitting job <paramref name="job"/>, a child of the caller's span when there is one (the API's
    /// request through Orleans' propagation); null when nobody listens. Its <see cref="Activity.Id"/> is the traceparent to keep.
    /// </summary>
    public Activity? StartJob(JobId job, JobSpec spec) =>
        _source.StartActivity("stylefarm.job", ActivityKind.Internal, parentContext: default, tags:
        [
            new("stylefarm.job.id", job.ToString()),
            new("stylefarm.job.method", StyleFarmMetrics.Word(spec.Method)),
            new("stylefarm.job.passes", spec.Passes),
        ]);

    /// <summary>
    /// Starts the span of one attempt of <paramref name="task"/> on silo <paramref name="silo"/>, a child of the job's span
    /// (a root span when the job kept none: it was submitted while the submitting silo traced nothing); null when nobody listens.
    /// </summary>
    public Activity? StartTask(Job job, TaskRecord task, string silo)
    {
        var parent = ActivityContext.TryParse(job.TraceParent, null, isRemote: true, out var context) ? context : default;
        return _source.StartActivity($"stylefarm.task.{StyleFarmMetrics.Word(task.Spec.Kind)}", ActivityKind.Internal, parent,
        [
            new("stylefarm.job.id", job.Id.ToString()),
            new("stylefarm.task.kind", StyleFarmMetrics.Word(task.Spec.Kind)),
            new("stylefarm.task.key", task.Id.Key),
            new("stylefarm.task.attempt", task.AttemptsMade),
            new("stylefarm.silo", silo),
        ]);
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
