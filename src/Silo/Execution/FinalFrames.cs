using System.Runtime.CompilerServices;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Silo.Execution;

/// <summary>A job's output frames: the last pass of every segment, read from the artifact store in frame order.</summary>
public static class FinalFrames
{
    /// <summary>Every frame of <paramref name="job"/> (planned as <paramref name="plan"/>) with its number and shot, in order.</summary>
    /// <exception cref="ArtifactNotFoundException">A frame of the last pass is missing: the job has not finished.</exception>
    public static async IAsyncEnumerable<(int Frame, int Shot, RgbFloatFrame Image)> ReadAsync(FrameArtifacts frames, Job job, JobPlan plan,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var segments in TaskGraphBuilder.Segments(job.Spec, plan))
            foreach (var segment in segments)
                for (var frame = segment.Core.Start; frame < segment.Core.End; frame++)
                    yield return (frame, segment.Shot,
                        await frames.ReadAsync(ArtifactKey.Frame(job.Id, segment, job.Spec.Passes, frame), cancellationToken).ConfigureAwait(false));
    }
}
