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
/// <para>The temporal weights were calibrated with the quality tests' setup (tests/Kernels.Tests/Quality):
/// 64×64 synthetic sequences of fruits.jpg with exact flow (so that flow errors do not count), starry_night.jpg,
/// the preview preset's iterations, temporal error as ALGORITHMS.md §8 defines it, and the style term of each
/// frame as the measure of how stylized it stays. Figures are means over the sequence.</para>
/// <para><see cref="TemporalWeight"/> (single pass), 5-frame pan of (−2, −1) px per frame, 80 iterations for the
/// first frame and 80 per later frame: γ = 0 (warped init, no loss) / 300 / 1000 / 3000 / 10⁴ / 3·10⁴ gave a temporal
/// error of 5.1e-3 / 2.1e-5 / 9.2e-6 / 5.6e-6 / 2.2e-6 / 4.3e-7 (independent frames: 4.4e-2) and a style term of
/// 0.086 / 0.095 / 0.114 / 0.141 / 0.221 / 0.299. The rule: the largest γ whose style term stays within 1.5× that
/// of γ = 0; 1000 (+33 %; the error is 1/550 of γ = 0's) is it, 3000 costs +64 %. It happens to be the reference's
/// number. With 20 iterations per later frame (the preview) the short-term quality test (64×48) measures 6.3e-6
/// against 4.0e-2 for independent frames.</para>
/// <para><see cref="MultiPassTemporalWeight"/>, 5 passes × 10 iterations with the temporal loss from pass 2, 6-frame
/// pan of 3 px per frame: γ = 0 / 100 / 500 / 2000 / 10⁴ gave a temporal error of 5.1e-4 / 4.0e-5 / 9.8e-6 / 2.7e-6
/// / 8.5e-7 and a style term of 0.064 / 0.027 / 0.072 / 0.123 / 0.211 (noisy at 10 iterations a pass). By the same
/// rule 500 (1.1×, 1/52 of the error) stays, 2000 costs 1.9×. The border contrast the multi-pass algorithm is for
/// (Fig. 10; revealed border against interior, relative to the input: 1 is ideal) is 1.20 / 1.16 / 1.16 / 1.12 /
/// 1.04 against 0.58–0.66 for a single pass, so it does not decide between them.</para>
/// <para><see cref="CoherenceWeight"/> was tied to γ (1000) before; on a 48-px jump of a 64-px frame (a quarter
/// stays in view, so the frame falls back to the coherence term) η = 0 / 10 / 30 / 100 / 300 / 1000 gave the jumped
/// frame a style term of 0.33 / 0.045 / 0.062 / 0.18 / 0.56 / 1.9 (the first frame: 0.18) and an MSE to the
/// previous output of 0.051 / 0.019 / 0.015 / 0.015 / 0.016 / 0.017. Without the term the frame starts three
/// quarters mean colour and stays flat; from 300 up the previous output shows through the new content (a double
/// exposure). 30 is the least change at a style term well below the first frame's.</para>
/// </remarks>
public sealed record StylePreset
{
    /// <summary>The preset's name as the CLI spells it.</summary>
    public required string Name { get; init; }

    /// <summary>Content loss weight α (eq. 1 term).</summary>
    public double ContentWeight { get; init; } = 5;

    /// <summary>Style loss weight β (eq. 2 term): 1e8 in StyleFarm's units (see the remarks).</summary>
    public double StyleWeight { get; init; } = 1e8;

    /// <summary>Temporal loss weight γ of a single-pass render (eq. 8/11 term): 1000, calibrated (see the remarks).</summary>
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

    /// <summary>Temporal weight of a multi-pass render: 500, calibrated (see the remarks).</summary>
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

    /// <summary>
    /// Weight η of Wang et al.'s enhanced-coherence term on frames that fall back to it (see
    /// <see cref="CoherenceFallbackBelow"/>): 30, calibrated (see the remarks).
    /// </summary>
    public double CoherenceWeight { get; init; } = 30;

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
        Check(ContentWeight >= 0 && StyleWeight >= 0 && TemporalWeight >= 0 && TotalVariationWeight >= 0 && MultiPassTemporalWeight >= 0
              && CoherenceWeight >= 0,
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
