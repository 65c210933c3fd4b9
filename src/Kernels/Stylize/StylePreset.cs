namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// Every parameter of the optimisation stylizer (ALGORITHMS.md §1–4). The named presets are in
/// <see cref="StylePresets"/>; any parameter can be overridden from the command line.
/// </summary>
/// <remarks>
/// Loss weights are in StyleFarm's units: pixels in [0,1] and torchvision-normalised VGG features. The
/// reference's numbers (content 5, style 100, temporal 1000, TV 1e-3) were tuned for Caffe's VGG on
/// 0–255 pixels and do not carry over: with them the total-variation term outweighs the style term by
/// four orders of magnitude here and the output is a blur. The defaults below keep the reference's
/// content weight and were calibrated on this machine with the seeded random-weight VGG-19 (the only
/// weights that can be had here); recalibrate them once real VGG-19 weights are installed.
/// </remarks>
public sealed record StylePreset
{
    /// <summary>The preset's name as the CLI spells it.</summary>
    public required string Name { get; init; }

    /// <summary>Content loss weight α (eq. 1 term).</summary>
    public double ContentWeight { get; init; } = 5;

    /// <summary>Style loss weight β (eq. 2 term): 1e8 in StyleFarm's units (see the remarks).</summary>
    public double StyleWeight { get; init; } = 1e8;

    /// <summary>Temporal loss weight γ of a single-pass render (eq. 8/11 term); 1000 in the reference.</summary>
    public double TemporalWeight { get; init; } = 1000;

    /// <summary>Total-variation weight (DeepMovie eq. 6): 1e-4 in StyleFarm's units.</summary>
    public double TotalVariationWeight { get; init; } = 1e-4;

    /// <summary>The style image is resized so its area is the content area × this (1.0).</summary>
    public double StyleScale { get; init; } = 1.0;

    /// <summary>L-BFGS iterations for a shot's first frame (2000 in the reference).</summary>
    public int FirstFrameIterations { get; init; } = 2000;

    /// <summary>L-BFGS iterations for every later frame (1000 in the reference).</summary>
    public int FrameIterations { get; init; } = 1000;

    /// <summary>Stop when the loss changes by less than this fraction over <see cref="ToleranceWindow"/> iterations (0.01 %); null: never.</summary>
    public double? RelativeTolerance { get; init; } = 1e-4;

    /// <summary>The window of the relative-tolerance stop, in iterations (50).</summary>
    public int ToleranceWindow { get; init; } = 50;

    /// <summary>Long-term offsets J (eq. 11–12): {1} is short-term only; the paper's long-term set is {1, 10, 20, 40}.</summary>
    public IReadOnlyList<int> LongTermOffsets { get; init; } = [1];

    /// <summary>Passes over each shot (§4). 1 is the sequential single-pass algorithm; more alternate forward and backward.</summary>
    public int Passes { get; init; } = 1;

    /// <summary>Iterations per pass of a multi-pass render (100 in the reference).</summary>
    public int IterationsPerPass { get; init; } = 100;

    /// <summary>Temporal weight of a multi-pass render (500 in the reference).</summary>
    public double MultiPassTemporalWeight { get; init; } = 500;

    /// <summary>The first pass (1-based) whose objective has the temporal term (8 in the reference).</summary>
    public int TemporalFromPass { get; init; } = 8;

    /// <summary>Blend weight of the warped neighbour in a multi-pass initialisation (eq. 13–14; δ = 0.5 in the paper, w = 1 in the reference code).</summary>
    public double BlendWeight { get; init; } = 1.0;

    /// <summary>How the first frame of every shot starts: from the content frame (DeepMovie) or from noise × 0.001.</summary>
    public FirstFrameInit FirstFrameInit { get; init; } = FirstFrameInit.Content;

    /// <summary>Optical flow algorithm: "deepflow" (the paper used DeepFlow/EpicFlow) or "dis" (fast).</summary>
    public string FlowMethod { get; init; } = "deepflow";

    /// <summary>
    /// Frames whose consistency weights are reliable for fewer than this fraction of pixels use Wang et al.'s
    /// enhanced-coherence term instead of the flow-based temporal loss (0.3).
    /// </summary>
    public double CoherenceFallbackBelow { get; init; } = 0.3;

    /// <summary>Seed of the random-weight network (when no weights are installed) and of noise initialisation.</summary>
    public long Seed { get; init; } = 0;

    /// <summary>The iterations of frame <paramref name="index"/> of a shot in a single-pass render.</summary>
    public int IterationsFor(int index) => index == 0 ? FirstFrameIterations : FrameIterations;

    /// <summary>Throws with the parameter's name when a value is out of range.</summary>
    public void Validate()
    {
        void Check(bool ok, string what)
        {
            if (!ok) throw new ArgumentException($"preset '{Name}': {what}");
        }
        Check(ContentWeight >= 0 && StyleWeight >= 0 && TemporalWeight >= 0 && TotalVariationWeight >= 0 && MultiPassTemporalWeight >= 0,
            "loss weights must be ≥ 0");
        Check(StyleScale > 0, $"style scale {StyleScale} must be > 0");
        Check(FirstFrameIterations >= 1 && FrameIterations >= 1 && IterationsPerPass >= 1, "iterations must be ≥ 1");
        Check(RelativeTolerance is null or > 0, "relative tolerance must be > 0");
        Check(ToleranceWindow >= 1, "tolerance window must be ≥ 1");
        Check(LongTermOffsets.Count > 0 && LongTermOffsets.All(j => j >= 1) && LongTermOffsets.Distinct().Count() == LongTermOffsets.Count,
            $"long-term offsets {{{string.Join(",", LongTermOffsets)}}} must be distinct and ≥ 1");
        Check(Passes >= 1, $"passes {Passes} must be ≥ 1");
        Check(TemporalFromPass >= 1, $"temporal-from-pass {TemporalFromPass} must be ≥ 1");
        Check(BlendWeight >= 0, $"blend weight {BlendWeight} must be ≥ 0");
        Check(CoherenceFallbackBelow is >= 0 and <= 1, "coherence fallback threshold must be in [0,1]");
    }
}

/// <summary>How a shot's first frame is initialised.</summary>
public enum FirstFrameInit
{
    /// <summary>The content frame itself (DeepMovie; converges fastest).</summary>
    Content,

    /// <summary>Gaussian noise × 0.001, the reference implementation's random init.</summary>
    Random,
}
