using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Silo.Execution;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// A job whose last pass is committed without running it: flat grey frames (frame t at level levels[t]) and
/// a still camera's flows (zero flow, every pixel visible), in one shot cut into segments as the spec says.
/// What the encode task and the seam measure read.
/// </summary>
public static class FinishedJob
{
    public static async Task<Job> WriteAsync(TestFarm farm, JobSpec spec, float[] levels, int width, int height)
    {
        var plan = new JobPlan(width, height, levels.Length, 25, [new Shot(0, new FrameRange(0, levels.Length))], Enumerable.Repeat(2, spec.Passes).ToList());
        var job = new Job(new JobId(Guid.CreateVersion7()), spec, JobState.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, plan);
        var frames = new FrameArtifacts(farm.Artifacts);
        var flowPath = farm.PathOf($"still-{Guid.NewGuid():N}.flo");
        FloFile.Write(flowPath, new FlowField(width, height));
        var weightsPath = farm.PathOf($"visible-{Guid.NewGuid():N}.pgm");
        PgmFile.Write(weightsPath, width, height, Enumerable.Repeat((byte)255, width * height).ToArray());
        foreach (var segment in TaskGraphBuilder.Segments(spec, plan)[0])
        {
            for (var t = segment.Core.Start; t < segment.Core.End; t++)
            {
                using var one = ones([1, 3, height, width]);
                using var flat = one * levels[t];
                await frames.WriteAsync(ArtifactKey.Frame(job.Id, segment, spec.Passes, t), flat, CancellationToken.None);
            }
            foreach (var (a, b) in SegmentFlowPairs.Of(segment, [1]))
                foreach (var (from, to) in new[] { (a, b), (b, a) })
                {
                    await farm.Artifacts.PutAsync(ArtifactKey.Flow(job.Id, segment, from, to), await File.ReadAllBytesAsync(flowPath));
                    await farm.Artifacts.PutAsync(ArtifactKey.Weights(job.Id, segment, from, to), await File.ReadAllBytesAsync(weightsPath));
                }
        }
        return job;
    }
}
