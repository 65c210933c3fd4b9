using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Worker;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The stylize task of a network job (Ruder et al. sec. 5, eq. 15) on the segment plan of the optimisation path: one
/// forward sweep over the segment's core, each frame one pass of the trained network with its predecessor's output
/// warped onto it and masked by the consistency weights of the flow task's flows. A segment that starts a shot starts
/// with an empty prior; one that does not first runs the network over its upstream halo frames, from an empty prior at
/// the halo's first frame, to build the prior of its first core frame, so its sweep enters the segment already
/// continuing its neighbour's and the seam needs no extra pass. Core frames are committed as pass 1 artifacts as they
/// are finished and the sweep goes on from their stored values, so a re-run skips what was committed and writes the
/// same bytes an uninterrupted run writes. The independent baseline gives every frame an empty prior.
/// </summary>
public sealed class NetworkStylizeExecutor(ExecutionServices services, StyleModels models)
{
    private readonly FrameArtifacts _frames = new(services.Artifacts);

    /// <summary>Runs the stylize task of <paramref name="context"/>, whose job uses the network method.</summary>
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var plan = context.Plan;
        var segment = context.Segment;
        var settings = JobSettings.Resolve(job.Spec);
        var device = services.TorchDevice;
        // A model a training job stored (job:JOB/NAME) is fetched from the artifact store once per silo.
        var model = StoredModel.IsReference(settings.Model!) ? await StoredModel.LocalCopyAsync(services, settings.Model!, cancellationToken).ConfigureAwait(false) : settings.Model!;
        var stylizer = new NetworkStylizer(models.Stylizer(model));
        var shotSegments = TaskGraphBuilder.Segments(job.Spec, plan)[segment.Shot];
        var frames = new SegmentFrames(_frames, job.Id, segment, shotSegments, device);
        var core = segment.Core;
        var done = 0;
        while (done < core.Count && await frames.IsCommittedAsync(1, core.Start + done, cancellationToken).ConfigureAwait(false)) done++;
        for (var k = 0; k < done; k++) context.Progress?.Report(new RenderProgress(core.Start + k, 1, 1, 0, 0, double.NaN, true));
        if (done == core.Count) return TaskOutcome.ArtifactsOnly;

        await services.Cache.EnsureSegmentAsync(job.Id, segment, services.Artifacts, cancellationToken).ConfigureAwait(false);
        // A fresh sweep enters through the upstream halo (empty at a shot's first segment); a resumed one goes on from its last commit.
        var first = settings.Independent || done > 0 ? core.Start + done : segment.Halo.Start;
        var content = await JobContent.ReadAsync(services, job, plan, settings, segment.Shot, new FrameRange(first, core.End), cancellationToken)
            .ConfigureAwait(false);
        using var flows = new StoredFlows(services.Cache, job.Id, segment, device);
        var previous = done > 0 && !settings.Independent ? await frames.LoadAsync(1, core.Start + done - 1, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            for (var i = first; i < core.End; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var prior = settings.Independent ? null : previous;
                var frame = i;
                // Off the caller's thread, each frame's tensors in a dispose scope of the computing thread.
                var x = await Task.Run(() =>
                {
                    using var scope = NewDisposeScope();
                    var f = FrameTensors.ToTensor(content[frame], device);
                    var output = prior is null ? stylizer.Stylize(f, null) : stylizer.Next(f, prior, flows, frame, frame - 1); // eq. 15
                    return output.DetachFromDisposeScope();
                }, cancellationToken).ConfigureAwait(false);
                if (core.Contains(i))
                {
                    using var computed = x;
                    x = await frames.CommitAsync(1, i, computed, cancellationToken).ConfigureAwait(false);
                    context.Progress?.Report(new RenderProgress(i, 1, 1, 1, 1, 0, true));
                }
                previous?.Dispose();
                previous = x;
                flows.Forget((a, b) => Math.Max(a, b) <= i);
            }
        }
        finally
        {
            previous?.Dispose();
        }
        return TaskOutcome.ArtifactsOnly;
    }
}
