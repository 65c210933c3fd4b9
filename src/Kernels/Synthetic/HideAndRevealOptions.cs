namespace StyleFarm.Kernels.Synthetic;

/// <summary>Settings of <see cref="SyntheticSequences.HideAndReveal"/>. Whole pixels throughout, so every mask is exact.</summary>
public sealed class HideAndRevealOptions
{
    /// <summary>The camera's move per frame, in photo pixels (positive: the window moves right, the picture left). Default 1.</summary>
    public int PanX { get; init; } = 1;

    /// <summary>The camera's vertical move per frame, in photo pixels (positive: downwards). Default 0.</summary>
    public int PanY { get; init; }

    /// <summary>The occluder's size as a fraction of the frame's width and height (rounded down, at least 1 px). Default 1/3.</summary>
    public double OccluderFraction { get; init; } = 1.0 / 3;

    /// <summary>For how many frames the occluder covers the region exactly (k). Default 4.</summary>
    public int HiddenFrames { get; init; } = 4;

    /// <summary>How fast the occluder slides down in and back up out, in frame pixels per frame, relative to the content. Default 8.</summary>
    public int SlideSpeed { get; init; } = 8;

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(OccluderFraction > 0 && OccluderFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(OccluderFraction), $"OccluderFraction {OccluderFraction} must be in (0, 1]");
        if (HiddenFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(HiddenFrames), $"HiddenFrames {HiddenFrames} must be at least 1");
        if (SlideSpeed < 1)
            throw new ArgumentOutOfRangeException(nameof(SlideSpeed), $"SlideSpeed {SlideSpeed} must be at least 1 px per frame");
    }
}
