namespace StyleFarm.Kernels.Shots;

/// <summary>When a histogram cut candidate counts as a real cut.</summary>
public sealed record FlowCutConfirmerOptions
{
    /// <summary>
    /// A candidate is a cut when less than this fraction of the new frame's pixels pass the
    /// forward–backward flow check against the previous frame (0.5: inside a shot, even fast
    /// motion leaves most pixels consistent; across a cut the flow is meaningless and few are).
    /// </summary>
    public double MaxReliableFraction { get; init; } = 0.5;

    /// <summary>A weight at or above this counts a pixel as reliable: 0.5.</summary>
    public float ReliableWeight { get; init; } = 0.5f;
}
