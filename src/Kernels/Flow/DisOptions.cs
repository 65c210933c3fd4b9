namespace StyleFarm.Kernels.Flow;

/// <summary>
/// Settings of <see cref="DisOpticalFlow"/> (Kroeger et al., "Fast Optical Flow using Dense Inverse
/// Search"). A preset fixes every value; a property left null keeps the preset's value (listed on
/// <see cref="DisPreset"/>), one that is set overrides it.
/// </summary>
public sealed record DisOptions
{
    /// <summary>The base preset. Default <see cref="DisPreset.Medium"/>: the only one that searches at full resolution (finest scale 1).</summary>
    public DisPreset Preset { get; init; } = DisPreset.Medium;

    /// <summary>The finest pyramid level searched (0 = full resolution, 1 = half, …); coarser is faster and blurrier. Null: the preset's.</summary>
    public int? FinestScale { get; init; }

    /// <summary>Side of the square patches matched, in pixels (≥ 1). Null: the preset's (8).</summary>
    public int? PatchSize { get; init; }

    /// <summary>Distance between neighbouring patches (1 ≤ stride ≤ patch size); smaller is denser and slower. Null: the preset's.</summary>
    public int? PatchStride { get; init; }

    /// <summary>Inverse-search gradient descent iterations per patch (≥ 1). Null: the preset's.</summary>
    public int? GradientDescentIterations { get; init; }

    /// <summary>Variational refinement iterations per scale (≥ 0; 0 turns refinement off). Null: the preset's.</summary>
    public int? VariationalRefinementIterations { get; init; }

    /// <summary>Weight of the smoothness term of the variational refinement (≥ 0). Null: OpenCV's 20.</summary>
    public float? VariationalRefinementAlpha { get; init; }

    /// <summary>Weight of the colour-constancy term of the variational refinement (≥ 0). Null: OpenCV's 5.</summary>
    public float? VariationalRefinementDelta { get; init; }

    /// <summary>Weight of the gradient-constancy term of the variational refinement (≥ 0). Null: OpenCV's 10.</summary>
    public float? VariationalRefinementGamma { get; init; }

    /// <summary>Normalise patch means before matching, for robustness to brightness changes. Null: OpenCV's true.</summary>
    public bool? UseMeanNormalization { get; init; }

    /// <summary>Propagate good matches to neighbouring patches. Null: OpenCV's true.</summary>
    public bool? UseSpatialPropagation { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of its range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Preset))
            throw new ArgumentOutOfRangeException(nameof(Preset), $"DIS preset {(int)Preset} is unknown; use UltraFast, Fast or Medium");
        Require(FinestScale is null or >= 0, nameof(FinestScale), FinestScale, "must be at least 0");
        Require(PatchSize is null or >= 1, nameof(PatchSize), PatchSize, "must be at least 1");
        Require(PatchStride is null or >= 1, nameof(PatchStride), PatchStride, "must be at least 1");
        if (PatchSize is { } size && PatchStride is { } stride && stride > size)
            throw new ArgumentOutOfRangeException(nameof(PatchStride),
                $"DIS patch stride {stride} is larger than the patch size {size}: pixels between patches would get no match");
        Require(GradientDescentIterations is null or >= 1, nameof(GradientDescentIterations), GradientDescentIterations, "must be at least 1");
        Require(VariationalRefinementIterations is null or >= 0, nameof(VariationalRefinementIterations), VariationalRefinementIterations, "must be at least 0");
        RequireWeight(VariationalRefinementAlpha, nameof(VariationalRefinementAlpha));
        RequireWeight(VariationalRefinementDelta, nameof(VariationalRefinementDelta));
        RequireWeight(VariationalRefinementGamma, nameof(VariationalRefinementGamma));
    }

    internal DisNativeParameters ToNative() => new()
    {
        Preset = (int)Preset,
        FinestScale = FinestScale ?? -1,
        PatchSize = PatchSize ?? -1,
        PatchStride = PatchStride ?? -1,
        GradientDescentIterations = GradientDescentIterations ?? -1,
        VariationalRefinementIterations = VariationalRefinementIterations ?? -1,
        VariationalRefinementAlpha = VariationalRefinementAlpha ?? -1,
        VariationalRefinementDelta = VariationalRefinementDelta ?? -1,
        VariationalRefinementGamma = VariationalRefinementGamma ?? -1,
        UseMeanNormalization = UseMeanNormalization is { } mean ? (mean ? 1 : 0) : -1,
        UseSpatialPropagation = UseSpatialPropagation is { } spread ? (spread ? 1 : 0) : -1,
    };

    private static void Require(bool ok, string name, int? value, string rule)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, $"DIS option {name} = {value} {rule}");
    }

    private static void RequireWeight(float? value, string name)
    {
        if (value is { } w && !(float.IsFinite(w) && w >= 0))
            throw new ArgumentOutOfRangeException(name, $"DIS option {name} = {w} must be a finite number ≥ 0");
    }
}
