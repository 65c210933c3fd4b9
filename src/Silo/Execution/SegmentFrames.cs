using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Stylize;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The stylized frames of one segment's sweep in the artifact store (<see cref="FrameArtifacts"/>): it commits
/// its own core frames under its segment and reads any frame of the shot (a neighbour's for the halo) from the
/// segment whose core owns it. A commit hands back the stored PNG16 value, so the sweep continues from what a
/// resumed attempt reads.
/// </summary>
/// <param name="frames">The job's frame artifacts.</param>
/// <param name="job">The job.</param>
/// <param name="segment">The segment whose sweep this is.</param>
/// <param name="shotSegments">Every segment of the segment's shot, in order.</param>
/// <param name="device">Where the tensors go.</param>
public sealed class SegmentFrames(FrameArtifacts frames, JobId job, Segment segment, IReadOnlyList<Segment> shotSegments, Device device) : ISweepFrames
{
    /// <inheritdoc />
    public Task<bool> IsCommittedAsync(int pass, int frame, CancellationToken cancellationToken) =>
        frames.ExistsAsync(ArtifactKey.Frame(job, segment, pass, frame), cancellationToken);

    /// <inheritdoc />
    public async Task<Tensor> CommitAsync(int pass, int frame, Tensor image, CancellationToken cancellationToken) =>
        FrameArtifacts.ToTensor(await frames.WriteAsync(ArtifactKey.Frame(job, segment, pass, frame), image, cancellationToken).ConfigureAwait(false), device);

    /// <inheritdoc />
    public async Task<Tensor> LoadAsync(int pass, int frame, CancellationToken cancellationToken) =>
        FrameArtifacts.ToTensor(await frames.ReadAsync(ArtifactKey.Frame(job, SegmentPlanner.OwnerOf(shotSegments, frame), pass, frame), cancellationToken)
            .ConfigureAwait(false), device);
}
