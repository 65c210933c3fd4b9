namespace StyleFarm.Kernels.Shots;

/// <summary>
/// When <see cref="HistogramCutDetector"/> calls a change between consecutive frames a cut. A frame
/// starts a new shot when its histogram distance to the previous frame is at least
/// <see cref="MinimumDistance"/> and at least <see cref="MedianFactor"/> × the median of the
/// distances of the <see cref="MedianWindow"/> frames before it in the same shot.
/// </summary>
public sealed class HistogramCutDetectorOptions
{
    /// <summary>The histogram each frame is reduced to. Default: <see cref="ColorHistogramOptions"/>'s defaults.</summary>
    public ColorHistogramOptions Histogram { get; init; } = new();

    /// <summary>
    /// Absolute floor on the chi-square distance (0–1) of a cut. Default: 0.1 — about 4× a sudden 10%
    /// brightness step and over 10× a slow pan on the sample photos, a quarter of the least different
    /// pair of unrelated photos.
    /// </summary>
    public double MinimumDistance { get; init; } = 0.1;

    /// <summary>
    /// How many times the recent median distance a cut must reach, so busy footage (fast motion,
    /// flicker) raises its own bar. Default: 3.
    /// </summary>
    public double MedianFactor { get; init; } = 3;

    /// <summary>How many preceding in-shot distances the median is taken over. Default: 12 (half a second at 24 fps).</summary>
    public int MedianWindow { get; init; } = 12;

    /// <summary>
    /// Fewest frames a shot may have: of two cuts closer than this only the stronger is kept, and a
    /// cut this close to the first frame is dropped. Default: 6 (a quarter second at 24 fps; a flash
    /// then costs one false cut, not two).
    /// </summary>
    public int MinimumShotFrames { get; init; } = 6;
}
