namespace StyleFarm.Kernels.Temporal;

/// <summary>The thresholds of the forward–backward consistency check (Ruder et al. eq. 5–7).</summary>
public sealed record ConsistencyOptions
{
    /// <summary>Relative tolerance of the disocclusion test |w̃+ŵ|² &gt; a·(|w̃|²+|ŵ|²) + b: a = 0.01 (eq. 6).</summary>
    public float DisocclusionRelative { get; init; } = 0.01f;

    /// <summary>Absolute tolerance b of the disocclusion test, in px²: 0.5 (eq. 6).</summary>
    public float DisocclusionAbsolute { get; init; } = 0.5f;

    /// <summary>Relative tolerance of the motion-boundary test |∇û|²+|∇v̂|² &gt; a·|ŵ|² + b: a = 0.01 (eq. 7).</summary>
    public float MotionBoundaryRelative { get; init; } = 0.01f;

    /// <summary>Absolute tolerance b of the motion-boundary test: 0.002 (eq. 7).</summary>
    public float MotionBoundaryAbsolute { get; init; } = 0.002f;

    /// <summary>σ of the 5-tap Gaussian the reference checker smooths the weights with: 0.8. 0 turns smoothing off.</summary>
    public float SmoothingSigma { get; init; } = 0.8f;

    /// <summary>The defaults of the paper and its reference checker.</summary>
    public static ConsistencyOptions Paper { get; } = new();
}
