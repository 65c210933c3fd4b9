namespace StyleFarm.Kernels.Flow;

/// <summary>Settings of <see cref="FarnebackOpticalFlow"/>; the defaults are OpenCV's FarnebackOpticalFlow::create defaults.</summary>
public sealed record FarnebackOptions
{
    /// <summary>Ratio between neighbouring pyramid levels, in (0, 1). Default 0.5 (each level half the previous).</summary>
    public double PyramidScale { get; init; } = 0.5;

    /// <summary>Number of pyramid levels (≥ 1; 1 means the original image only). Default 5.</summary>
    public int Levels { get; init; } = 5;

    /// <summary>Averaging window side in pixels (≥ 1); larger is smoother and more robust to noise. Default 13.</summary>
    public int WindowSize { get; init; } = 13;

    /// <summary>Iterations per pyramid level (≥ 1). Default 10.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Neighbourhood of the polynomial expansion (≥ 1); typically 5 or 7, larger is smoother. Default 5.</summary>
    public int PolyN { get; init; } = 5;

    /// <summary>Gaussian σ of the polynomial expansion (&gt; 0); about 1.1 suits PolyN 5 and 1.5 suits 7. Default 1.1.</summary>
    public double PolySigma { get; init; } = 1.1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of its range.</summary>
    public void Validate()
    {
        if (!(PyramidScale > 0 && PyramidScale < 1))
            throw new ArgumentOutOfRangeException(nameof(PyramidScale), $"Farneback PyramidScale = {PyramidScale} must be in (0, 1)");
        if (Levels < 1) throw new ArgumentOutOfRangeException(nameof(Levels), $"Farneback Levels = {Levels} must be at least 1");
        if (WindowSize < 1) throw new ArgumentOutOfRangeException(nameof(WindowSize), $"Farneback WindowSize = {WindowSize} must be at least 1");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), $"Farneback Iterations = {Iterations} must be at least 1");
        if (PolyN < 1) throw new ArgumentOutOfRangeException(nameof(PolyN), $"Farneback PolyN = {PolyN} must be at least 1");
        if (!(PolySigma > 0 && double.IsFinite(PolySigma)))
            throw new ArgumentOutOfRangeException(nameof(PolySigma), $"Farneback PolySigma = {PolySigma} must be a finite number > 0");
    }
}
