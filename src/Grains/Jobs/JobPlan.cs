namespace StyleFarm.Grains.Jobs;

/// <summary>
/// What the plan task found and decided: the input's size and frame rate, its shots, and how many
/// optimisation iterations each pass runs per frame once the preset is resolved (1 for the network
/// method). The coordinator turns it into the task graph.
/// </summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="FrameCount">Frames to stylize: the input's, or those of the job's frame range.</param>
/// <param name="FrameRate">Frames per second, for the encoder.</param>
/// <param name="Shots">
/// Consecutive shots covering the frames to stylize, indexed from 0; frames are numbered in the whole input, so
/// the first shot starts at the job's first frame (<see cref="JobSpec.FirstFrame"/>).
/// </param>
/// <param name="IterationsPerPass">Iterations per frame of pass 1, 2, …; one entry per pass of the job.</param>
public sealed record JobPlan(
    int Width,
    int Height,
    int FrameCount,
    double FrameRate,
    IReadOnlyList<Shot> Shots,
    IReadOnlyList<int> IterationsPerPass)
{
    /// <summary>The first frame to stylize (numbered in the whole input): where the first shot starts.</summary>
    public int FirstFrame => Shots.Count > 0 ? Shots[0].Frames.Start : 0;

    /// <summary>The frames to stylize.</summary>
    public FrameRange Frames => new(FirstFrame, FirstFrame + FrameCount);

    /// <summary>Pixels in one frame.</summary>
    public long PixelsPerFrame => (long)Width * Height;

    /// <summary>Checks the plan against itself and against the job's <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">Says which field is wrong and how.</exception>
    public void Validate(JobSpec spec)
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException($"plan has frame size {Width}×{Height}: the probe must report a positive width and height", nameof(Width));
        if (Width > JobLimits.MaxRenderSide || Height > JobLimits.MaxRenderSide)
            throw new ArgumentException($"plan has frame size {Width}×{Height}: a side has at most {JobLimits.MaxRenderSide} pixels; render at a smaller width and height", nameof(Width));
        if (FrameCount <= 0)
            throw new ArgumentException($"plan has {FrameCount} frames: the input has no frames to stylize", nameof(FrameCount));
        if (!(FrameRate > 0) || double.IsInfinity(FrameRate))
            throw new ArgumentException($"plan has frame rate {FrameRate}: it must be a positive number of frames per second", nameof(FrameRate));
        if (Shots.Count == 0)
            throw new ArgumentException("plan has no shots: a non-empty input has at least one shot", nameof(Shots));
        var next = spec.FirstFrame;
        for (var i = 0; i < Shots.Count; i++)
        {
            var shot = Shots[i];
            if (shot.Index != i)
                throw new ArgumentException($"shot at position {i} has index {shot.Index}: shots are numbered 0, 1, … in order", nameof(Shots));
            if (shot.Frames.Start != next || shot.FrameCount == 0)
                throw new ArgumentException($"shot {i} covers {shot.Frames} but should start at frame {next} and be non-empty: shots must tile the input without gaps or overlaps", nameof(Shots));
            next = shot.Frames.End;
        }
        if (next != spec.FirstFrame + FrameCount)
            throw new ArgumentException($"shots end at frame {next} but the plan has {FrameCount} frames{(spec.FirstFrame == 0 ? "" : $" from frame {spec.FirstFrame}")}: the shots must cover every frame", nameof(Shots));
        if (spec.EndFrame is { } end && next > end)
            throw new ArgumentException($"shots end at frame {next}, past the end {end} of the job's frame range", nameof(Shots));
        if (IterationsPerPass.Count != spec.Passes)
            throw new ArgumentException($"plan lists iterations for {IterationsPerPass.Count} passes but the job asks for {spec.Passes}", nameof(IterationsPerPass));
        for (var p = 0; p < IterationsPerPass.Count; p++)
            if (IterationsPerPass[p] <= 0)
                throw new ArgumentException($"pass {p + 1} has {IterationsPerPass[p]} iterations per frame: every pass runs at least one", nameof(IterationsPerPass));
    }
}
