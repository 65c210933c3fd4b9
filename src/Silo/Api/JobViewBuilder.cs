using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Api;

/// <summary>
/// Turns a job grain's status into its <see cref="JobView"/>: task counts, frames done (per pass too), the seam ratio, and
/// whether a failure is permanent, and a training job's progress. URLs lose their query (<see cref="MediaInput.Redact"/>): a SAS signature is a secret.
/// </summary>
public sealed class JobViewBuilder(IJobMetricsSource? metrics)
{
    /// <summary>The view of <paramref name="status"/>.</summary>
    public async Task<JobView> BuildAsync(JobStatus status, CancellationToken cancellationToken)
    {
        var job = status.Job;
        // Only a finished job has metrics: until then the view needs nothing from the blob store, so a running job's
        // status answers at once even while the store is away.
        var seam = metrics is null || job.State != JobState.Succeeded ? null : await metrics.SeamRatioAsync(job, cancellationToken).ConfigureAwait(false);
        // A training job's status is read while it runs (a store away only leaves it out).
        var training = job.Spec.Training is null ? null : await TrainingAsync(metrics, job, cancellationToken).ConfigureAwait(false);
        var permanent = job.State == JobState.Failed ? status.Progress.FirstFailure?.Permanent ?? false : (bool?)null;
        return new JobView(job.Id.ToString(), job.State, MediaInput.Redact(job.Spec.Input), MediaInput.Redact(job.Spec.Output), job.Spec.Preset, job.Spec.Passes,
            job.Spec.FirstFrame, job.Spec.EndFrame, job.Spec.SegmentLength, job.Spec.Halo, job.SubmittedAt, job.UpdatedAt, status.FramesDone, job.Plan?.FrameCount, status.Progress.Succeeded, status.Progress.Total,
            job.Error is null ? null : MediaInput.Redact(job.Error), seam, status.FramesByPass, permanent, training);
    }

    // What the train task stored; before its first report (or with the store away), iteration 0 of the job's budget.
    private static async Task<Execution.TrainingStatus> TrainingAsync(IJobMetricsSource? metrics, Job job, CancellationToken cancellationToken)
    {
        try
        {
            if (metrics is not null && await metrics.TrainingAsync(job, cancellationToken).ConfigureAwait(false) is { } stored) return stored;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is away: the job's own figures still answer.
        }
        return new Execution.TrainingStatus(0, Execution.TrainingJobOptions.Parse(job.Spec.Training!).Iterations, null, [], 0, null);
    }
}
