using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Stylize;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The stylized frames of one segment's sweep in the artifact store (<see cref="FrameArtifacts"/>): it commits
/// its frames under its segment (its core, and in a last pass the halo it continues into) and reads any frame of the
/// shot from the segment whose core owns it (a neighbour's for the halo), but a halo frame it committed itself from
/// its own copy (a resumed last pass goes on from where it stopped). A commit hands back the stored PNG16 value, so the
/// sweep continues from what a resumed attempt reads.
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
        frames.ExistsAsync(Own(pass, frame), cancellationToken);

    /// <inheritdoc />
    public async Task<Tensor> CommitAsync(int pass, int frame, Tensor image, CancellationToken cancellationToken) =>
        FrameArtifacts.ToTensor(await frames.WriteAsync(Own(pass, frame), image, cancellationToken).ConfigureAwait(false), device);

    /// <inheritdoc />
    public async Task<Tensor> LoadAsync(int pass, int frame, CancellationToken cancellationToken)
    {
        var key = segment.Core.Contains(frame) ? Own(pass, frame)
            : segment.Halo.Contains(frame) && await frames.ExistsAsync(Own(pass, frame), cancellationToken).ConfigureAwait(false) ? Own(pass, frame)
            : ArtifactKey.Frame(job, SegmentPlanner.OwnerOf(shotSegments, frame), pass, frame);
        return FrameArtifacts.ToTensor(await frames.ReadAsync(key, cancellationToken).ConfigureAwait(false), device);
    }

    // This segment's own frames: its core's, and the halo frames its last sweep continued into.
    private ArtifactKey Own(int pass, int frame) =>
        segment.Core.Contains(frame) ? ArtifactKey.Frame(job, segment, pass, frame) : ArtifactKey.Continuation(job, segment, pass, frame);
}
