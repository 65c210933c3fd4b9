using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The content frames a job's flow and stylize tasks work on: the input's frames at the plan's size, or, when
/// the job matches colours (DeepMovie §7.1), the shot's frames recoloured to the style's palette (step 1),
/// each with its own style image matched back to it (step 2). Flows are computed on the frames that are
/// stylized, so the two tasks read them through this one place.
/// </summary>
public sealed class JobContent
{
    private readonly IReadOnlyList<RgbFrame> _frames;
    private readonly IReadOnlyList<RgbFrame> _originals;
    private readonly ShotColorMatching? _colors;

    private JobContent(FrameRange range, IReadOnlyList<RgbFrame> originals, ShotColorMatching? colors)
    {
        Range = range;
        _originals = originals;
        _colors = colors;
        _frames = colors is null ? originals : originals.Select(colors.TransformFrame).ToList();
    }

    /// <summary>The frames held, numbered in the whole input.</summary>
    public FrameRange Range { get; }

    /// <summary>Whether each frame has its own style image (<see cref="StyleOf"/>).</summary>
    public bool MatchesColors => _colors is not null;

    /// <summary>Content frame <paramref name="frame"/> (absolute number).</summary>
    public RgbFrame this[int frame] => _frames[frame - Range.Start];

    /// <summary>The frames in order.</summary>
    public IReadOnlyList<RgbFrame> Frames => _frames;

    /// <summary>The style image matched to frame <paramref name="frame"/>; computed on each call.</summary>
    /// <exception cref="InvalidOperationException">The job does not match colours: every frame uses the job's style image.</exception>
    public RgbFrame StyleOf(int frame) =>
        _colors?.StyleForFrame(_originals[frame - Range.Start])
        ?? throw new InvalidOperationException("the job does not match colours: every frame is stylized with the job's own style image");

    /// <summary>Frames <paramref name="range"/> (inside shot <paramref name="shot"/>) of <paramref name="job"/>'s input, as its tasks stylize them.</summary>
    /// <exception cref="FileNotFoundException">The input is gone.</exception>
    /// <exception cref="Kernels.Video.MediaException">ffmpeg cannot read it (any more).</exception>
    public static async Task<JobContent> ReadAsync(ExecutionServices services, Job job, JobPlan plan, JobSettings settings, int shot, FrameRange range,
        CancellationToken cancellationToken)
    {
        var frames = await ContentFrames.ReadAsync(job.Spec.Input, plan, range, cancellationToken).ConfigureAwait(false);
        if (!settings.MatchColors) return new JobContent(range, frames, null);
        var style = StyleImages.Read(StyleImages.Single(job.Spec));
        var colors = await ShotColors.ReadAsync(services.Artifacts, job.Id, shot, style, cancellationToken).ConfigureAwait(false);
        return new JobContent(range, frames, colors);
    }
}
