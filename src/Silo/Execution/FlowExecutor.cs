using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Silo.Worker;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The flow task of one segment (DESIGN.md step 3): for every pair of <see cref="SegmentFlowPairs"/> over
/// the segment's halo range (its <see cref="JobContent"/>, the frames that are stylized), the flows both ways with the job's flow method and the consistency weights
/// both ways (eq. 5–7, smoothed as the reference checker does). Each file is written to this silo's
/// <see cref="FlowCache"/> and committed to the artifact store under <see cref="ArtifactKey.Flow"/> /
/// <see cref="ArtifactKey.Weights"/>; the segment is then marked cached here.
/// </summary>
public sealed class FlowExecutor(ExecutionServices services) : ITaskExecutor
{
    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Flow;

    /// <inheritdoc />
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        JobPaths.Check(services, job.Spec);
        var plan = context.Plan;
        var segment = context.Segment;
        var settings = JobSettings.Resolve(job.Spec);
        IOpticalFlow flow;
        try
        {
            flow = OpticalFlowFactory.Create(settings.Preset.FlowMethod);
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException($"the job's flow method is unknown: {e.Message}", e);
        }
        // The frames that are stylized: recoloured ones when the job matches colours.
        var frames = (await JobContent.ReadAsync(services, job, plan, settings, segment.Shot, segment.Halo, cancellationToken).ConfigureAwait(false)).Frames;
        var cache = services.Cache;
        var device = services.TorchDevice;
        var written = new List<ArtifactKey>();
        var consistency = new ConsistencyWeights(ConsistencyOptions.Paper);
        foreach (var (a, b) in SegmentFlowPairs.Of(segment, settings.Preset.LongTermOffsets))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // CPU-bound: off the caller's thread so the lease heartbeat keeps its timer thread free.
            await Task.Run(() =>
            {
                var forward = flow.Compute(frames[a - segment.Halo.Start], frames[b - segment.Halo.Start]);
                var backward = flow.Compute(frames[b - segment.Halo.Start], frames[a - segment.Halo.Start]);
                FloFile.Write(Prepared(cache.PathOf(ArtifactKey.Flow(job.Id, segment, a, b))), forward);
                FloFile.Write(Prepared(cache.PathOf(ArtifactKey.Flow(job.Id, segment, b, a))), backward);
                using var scope = NewDisposeScope();
                var ab = FlowFiles.ToTensor(forward, device);
                var ba = FlowFiles.ToTensor(backward, device);
                // Weights on b's pixels for frame a warped onto b check the flow b → a against a → b, and vice versa.
                FlowFiles.WriteWeights(cache.PathOf(ArtifactKey.Weights(job.Id, segment, a, b)), consistency.Compute(ba, ab));
                FlowFiles.WriteWeights(cache.PathOf(ArtifactKey.Weights(job.Id, segment, b, a)), consistency.Compute(ab, ba));
            }, cancellationToken).ConfigureAwait(false);
            written.Add(ArtifactKey.Flow(job.Id, segment, a, b));
            written.Add(ArtifactKey.Flow(job.Id, segment, b, a));
            written.Add(ArtifactKey.Weights(job.Id, segment, a, b));
            written.Add(ArtifactKey.Weights(job.Id, segment, b, a));
        }
        foreach (var key in written)
        {
            await using var file = File.OpenRead(cache.PathOf(key));
            await services.Artifacts.PutAsync(key, file, cancellationToken).ConfigureAwait(false);
        }
        cache.MarkComplete(job.Id, segment);
        return TaskOutcome.ArtifactsOnly;
    }

    private static string Prepared(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
