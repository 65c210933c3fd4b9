namespace StyleFarm.Kernels.Color;

/// <summary>Settings of <c>--match-colors</c> (DeepMovie §7.1 histogram matching).</summary>
public sealed record ColorMatchingOptions
{
    /// <summary>The defaults: <see cref="ColorMatchingMode.PerFrame"/>.</summary>
    public static ColorMatchingOptions Default { get; } = new();

    /// <summary>
    /// Which content frames and style images are handed to the stylizer. Default
    /// <see cref="ColorMatchingMode.PerFrame"/>, the procedure of the paper's Fig. 5a.
    /// </summary>
    public ColorMatchingMode Mode { get; init; } = ColorMatchingMode.PerFrame;
}
