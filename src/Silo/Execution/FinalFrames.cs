using System.Runtime.CompilerServices;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A job's output frames: the last pass of every segment, read from the artifact store in frame order. In a multi-pass
/// job each segment's last sweep continues through its downstream halo into its neighbour (<see cref="SweepPlan"/>), so
/// the first frames of the neighbour exist twice, once from each sweep; they are crossfaded, the continuation's share
/// falling from n/(n + 1) to 1/(n + 1) over the n frames, so the two sweeps meet over n + 1 frame pairs instead of
/// jumping at one (the seam of ALGORITHMS.md §8).
/// </summary>
public static class FinalFrames
{
    /// <summary>Every frame of <paramref name="job"/> (planned as <paramref name="plan"/>) with its number and shot, in order.</summary>
    /// <exception cref="ArtifactNotFoundException">A frame of the last pass is missing: the job has not finished.</exception>
    public static async IAsyncEnumerable<(int Frame, int Shot, RgbFloatFrame Image)> ReadAsync(FrameArtifacts frames, Job job, JobPlan plan,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var passes = job.Spec.Passes;
        var direction = new PassSchedule(passes).DirectionOf(passes);
        foreach (var segments in TaskGraphBuilder.Segments(job.Spec, plan))
        {
            for (var k = 0; k < segments.Count; k++)
            {
                var segment = segments[k];
                // The segment whose last sweep continued into this one: the upstream neighbour of the last pass's direction.
                var upstream = passes == 1 ? null
                    : direction == PassDirection.Forward ? (k > 0 ? segments[k - 1] : null)
                    : k + 1 < segments.Count ? segments[k + 1] : null;
                for (var frame = segment.Core.Start; frame < segment.Core.End; frame++)
                {
                    var own = await frames.ReadAsync(ArtifactKey.Frame(job.Id, segment, passes, frame), cancellationToken).ConfigureAwait(false);
                    yield return (frame, segment.Shot, upstream is null ? own
                        : await CrossfadeAsync(frames, job.Id, upstream, direction, passes, frame, own, cancellationToken).ConfigureAwait(false));
                }
            }
        }
    }

    // own blended with upstream's continuation of it, if upstream's last sweep reached the frame.
    private static async Task<RgbFloatFrame> CrossfadeAsync(FrameArtifacts frames, JobId job, Segment upstream, PassDirection direction, int passes,
        int frame, RgbFloatFrame own, CancellationToken cancellationToken)
    {
        var (reach, step) = direction == PassDirection.Forward
            ? (upstream.HaloAfter, frame - upstream.Core.End)
            : (upstream.HaloBefore, upstream.Core.Start - 1 - frame);
        if (step < 0 || step >= reach) return own;
        var key = ArtifactKey.Continuation(job, upstream, passes, frame);
        // A job rendered before the last sweeps continued into their neighbours has no continuation: its frame as it is.
        if (!await frames.ExistsAsync(key, cancellationToken).ConfigureAwait(false)) return own;
        var continuation = await frames.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        var share = (float)(reach - step) / (reach + 1);
        var blended = new float[own.Pixels.Length];
        for (var i = 0; i < blended.Length; i++) blended[i] = share * continuation.Pixels[i] + (1 - share) * own.Pixels[i];
        return new RgbFloatFrame(own.Width, own.Height, blended);
    }
}
