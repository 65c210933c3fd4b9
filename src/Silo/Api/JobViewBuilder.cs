using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Api;

/// <summary>Turns a stored job into its <see cref="JobView"/>: task counts (<see cref="TaskProgress"/>), frames done and the seam ratio.</summary>
public sealed class JobViewBuilder(ITaskStore store, IJobMetricsSource? metrics)
{
    /// <summary>The view of <paramref name="job"/> as the store holds it now.</summary>
    public async Task<JobView> BuildAsync(Job job, CancellationToken cancellationToken)
    {
        var tasks = await store.ListTasksAsync(job.Id, cancellationToken).ConfigureAwait(false);
        var progress = TaskProgress.Of(tasks);
        // Only the encode task reports metrics: until it is done the view needs nothing from the blob store, so a
        // running job's status answers at once even while the store is away.
        var measured = tasks.Any(t => t.Id.Kind == TaskKind.Encode && t.State == TaskState.Succeeded);
        var seam = metrics is null || !measured ? null : await metrics.SeamRatioAsync(job, cancellationToken).ConfigureAwait(false);
        return new JobView(job.Id.ToString(), job.State, job.Spec.Input, job.Spec.Output, job.Spec.Preset, job.Spec.Passes,
            job.SubmittedAt, job.UpdatedAt, JobFrames.Done(job, tasks), job.Plan?.FrameCount, progress.Succeeded, progress.Total,
            job.Error, seam);
    }
}
