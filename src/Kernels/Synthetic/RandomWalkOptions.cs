namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// Settings of <see cref="SyntheticSequences.RandomWalk"/>. The defaults are the paper's synthetic
/// training data (Ruder et al. 2018, sec. 5.2.3): shifts of 0–32 px and zoom-out of up to 32 px per axis.
/// </summary>
public sealed class RandomWalkOptions
{
    /// <summary>The largest move of the window between frames, per axis, in photo pixels; each step is uniform in [−MaxShift, MaxShift]. Default 32.</summary>
    public double MaxShift { get; init; } = 32;

    /// <summary>The most the window grows between frames, per axis, in photo pixels (zoom-out about its centre); each step is uniform in [0, MaxZoomOut]. Default 32.</summary>
    public double MaxZoomOut { get; init; } = 32;

    /// <summary>
    /// True (default): shift and growth are drawn anew for every frame (a random walk). False: drawn
    /// once per sequence and repeated every frame, as the paper samples them "for each training sample".
    /// </summary>
    public bool DrawEveryFrame { get; init; } = true;

    /// <summary>Throws unless both maxima are finite and non-negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A maximum is negative or not finite.</exception>
    public void Validate()
    {
        if (!(MaxShift >= 0) || !double.IsFinite(MaxShift))
            throw new ArgumentOutOfRangeException(nameof(MaxShift), $"MaxShift {MaxShift} must be a finite number of pixels ≥ 0");
        if (!(MaxZoomOut >= 0) || !double.IsFinite(MaxZoomOut))
            throw new ArgumentOutOfRangeException(nameof(MaxZoomOut), $"MaxZoomOut {MaxZoomOut} must be a finite number of pixels ≥ 0");
    }
}
