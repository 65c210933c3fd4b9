using System.Runtime.CompilerServices;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Execution;

/// <summary>Reads a job's input frames at the plan's render size (the same frames on every silo).</summary>
public static class ContentFrames
{
    /// <summary>Frames <paramref name="range"/> of <paramref name="input"/>, resized to the plan's size when it differs from the input's.</summary>
    /// <exception cref="FileNotFoundException">The input is gone.</exception>
    /// <exception cref="MediaException">ffmpeg cannot read it (any more).</exception>
    public static async Task<IReadOnlyList<RgbFrame>> ReadAsync(string input, JobPlan plan, FrameRange range, CancellationToken cancellationToken)
    {
        var frames = new List<RgbFrame>(range.Count);
        await foreach (var frame in StreamAsync(input, plan, range, cancellationToken).ConfigureAwait(false)) frames.Add(frame);
        return frames;
    }

    /// <summary>The same frames one at a time, for a pass over a long range that keeps none of them.</summary>
    /// <exception cref="FileNotFoundException">The input is gone.</exception>
    /// <exception cref="MediaException">ffmpeg cannot read it (any more).</exception>
    public static async IAsyncEnumerable<RgbFrame> StreamAsync(string input, JobPlan plan, FrameRange range,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var media = MediaInput.FromPath(LocalPaths.Require(input, "input"));
        var info = await VideoProbe.ProbeAsync(media, cancellationToken).ConfigureAwait(false);
        var resize = info.Width == plan.Width && info.Height == plan.Height ? null : new VideoReaderOptions { Width = plan.Width, Height = plan.Height };
        var reader = new VideoReader(media, info, resize);
        await foreach (var frame in reader.ReadAsync(range.Start, range.End, cancellationToken).ConfigureAwait(false)) yield return frame;
    }
}
