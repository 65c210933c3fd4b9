using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The submit-time check of a network job's stored model (<c>--model job:JOB/NAME</c>): the job exists, is a training
/// job that succeeded, stored its model under that name, and the model is in the artifact store. Without it a job with
/// a wrong reference would be queued and fail only at its plan task (or wait on a training that never ends).
/// </summary>
public sealed class StoredModelCheck(IGrainFactory grains, GrainCall call, IArtifactStore? artifacts)
{
    /// <summary>Checks <paramref name="reference"/>, a <see cref="StoredModel"/> reference.</summary>
    /// <exception cref="JobRejectedException">The model cannot be used; the message says why and what to do, in one line.</exception>
    public async Task CheckAsync(string reference, CancellationToken cancellationToken)
    {
        ArtifactKey key;
        try
        {
            key = StoredModel.KeyOf(reference);
        }
        catch (ArgumentException e)
        {
            throw new JobRejectedException(e.Message);
        }
        var parts = reference[StoredModel.Prefix.Length..].Split('/', 2);
        var (id, name) = (JobId.Parse(parts[0]), parts[1]);
        var shown = JobLimits.Excerpt(reference);
        var job = await call.WithinAsync(grains.GetGrain<IJobGrain>(id.ToString()).GetAsync(), $"job {id}", cancellationToken)
                  ?? throw new JobRejectedException($"the model {shown} names job {id}, which this farm does not know: give job:JOB/NAME as `stylefarm status JOB` prints it for a training job");
        if (job.Spec.Training is null)
            throw new JobRejectedException($"the model {shown} names job {id}, which renders video and trains no model: give the job:JOB/NAME of a training job (`stylefarm submit --train`)");
        var stored = StoredModel.NameOf(job.Spec.Output);
        if (JobStateMachine.Active.Contains(job.State))
            throw new JobRejectedException($"the model {shown} is not stored yet: its training job {id} is {job.State}; wait for it (`stylefarm watch {id}`), then submit again");
        if (job.State != JobState.Succeeded)
            throw new JobRejectedException($"the model {shown} was never stored: its training job {id} ended {job.State}; resume it (`stylefarm resume {id}`) or give another model");
        if (name != stored)
            throw new JobRejectedException($"the training job {id} stored its model as {JobLimits.Excerpt(stored)}, not {JobLimits.Excerpt(name)}: give {JobLimits.Excerpt(StoredModel.ReferenceOf(id, stored))}");
        if (artifacts is not null && !await artifacts.ExistsAsync(key, cancellationToken).ConfigureAwait(false))
            throw new JobRejectedException($"the model {shown} is not in the artifact store, though its training job {id} succeeded: train it again");
    }
}
