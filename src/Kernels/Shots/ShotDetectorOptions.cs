namespace StyleFarm.Kernels.Shots;

/// <summary>Settings of <see cref="VideoShotDetector"/>; every default is documented where it is declared.</summary>
public sealed record ShotDetectorOptions
{
    /// <summary>The histogram pass proposing cut candidates.</summary>
    public HistogramCutDetectorOptions Histogram { get; init; } = new();

    /// <summary>The flow check confirming them.</summary>
    public FlowCutConfirmerOptions Confirmation { get; init; } = new();

    /// <summary>Frames are scaled to this width for the histogram pass (160 px: colour statistics need no detail).</summary>
    public int HistogramWidth { get; init; } = 160;

    /// <summary>Frames are scaled to this width for the flow check (320 px: enough texture for DIS, cheap on a CPU).</summary>
    public int FlowWidth { get; init; } = 320;
}
