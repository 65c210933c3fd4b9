using System.Text.Json.Serialization;
using StyleFarm.Kernels.Style;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// The weights and layers of the network's training loss L_video (eq. 17): α·content + β·style on VGG-16 (content
/// relu3_3; style relu1_2, relu2_2, relu3_3, relu4_3, sec. 7.2.2) + γ·temporal (eq. 8) + λ_tv·total variation. The
/// style image is scaled so its longer side is <see cref="StyleSize"/> before its Gram matrices are taken.
/// </summary>
/// <remarks>
/// <para>The reference (fast-artistic-videos) weighs Caffe's VGG-16 features of 0–255 pixels (content 1, style 10–20, pixel
/// loss 50 or 100 on 0–255 pixels); torchvision's VGG-16 on [0, 1] pixels has other magnitudes, and here it usually has
/// seeded random weights. <see cref="TemporalWeight"/> keeps the paper's number (eq. 8 on [0, 1] pixels);
/// <see cref="ContentWeight"/> and <see cref="StyleWeight"/> were calibrated against it on this stack (Adam only sees
/// their ratios). bench/network-quality.sh, 300 iterations at 64 px, batch 2, 8 channels, 1 residual block, seeded
/// random VGG-16, starry_night: with α = 1, β = 1e4 the temporal term (0.8 at the start) dwarfs content (8e-3) and the
/// network escapes into a flat, saturated green (tanh at its limits: content 1.2e-2, temporal error 3e-4 per frame, no
/// picture left); α = 1, β = 1e6 keeps dark blobs on a flat field. α = 100 puts content at 0.7 beside the temporal
/// term's 0.9: β = 1e6 gives content 0.36 / style 0.094 per frame, β = 1e7 content 0.44 / style 0.12, the painting's
/// blues and yellows over the photo's edges. 1e7 is the default.</para>
/// <para><see cref="TotalVariationWeight"/> is 0: the nearest-neighbour upsampling draws no checkerboard to smooth
/// (sec. 7.2.2), and no calibration run above showed pixel noise; raise it to smooth further.</para>
/// </remarks>
public sealed record NetworkLossOptions
{
    /// <summary>The style layers of the perceptual loss, each weighted 1 (sec. 7.2.2).</summary>
    public static IReadOnlyList<StyleLayerWeight> PaperStyleLayers { get; } = Array.AsReadOnly(new[]
    {
        new StyleLayerWeight("relu1_2"), new StyleLayerWeight("relu2_2"), new StyleLayerWeight("relu3_3"), new StyleLayerWeight("relu4_3"),
    });

    /// <summary>The temporal weight of mixed training (sec. 7.2.2: 100 with half the samples empty-prior, 50 without).</summary>
    public const double MixedTemporalWeight = 100;

    /// <summary>The temporal weight without mixed training (sec. 7.2.2).</summary>
    public const double PlainTemporalWeight = 50;

    /// <summary>α: 100 on torchvision's VGG-16 relu3_3 of [0, 1] pixels (calibrated, see the remarks).</summary>
    public double ContentWeight { get; init; } = 100;

    /// <summary>β: 1e7 with the style loss's normalisation (<see cref="StyleLoss"/>; calibrated, see the remarks).</summary>
    public double StyleWeight { get; init; } = 1e7;

    /// <summary>γ of eq. 8 on [0, 1] pixels: <see cref="MixedTemporalWeight"/>; <see cref="PlainTemporalWeight"/> without mixed training.</summary>
    public double TemporalWeight { get; init; } = MixedTemporalWeight;

    /// <summary>λ_tv, the weight of DeepMovie's total variation (eq. 6) per image: 0 (see the remarks).</summary>
    public double TotalVariationWeight { get; init; } = 0;

    /// <summary>The content layer (relu3_3).</summary>
    public string ContentLayer { get; init; } = "relu3_3";

    /// <summary>The style layers and their weights (relu1_2, relu2_2, relu3_3, relu4_3, each 1).</summary>
    public IReadOnlyList<StyleLayerWeight> StyleLayers { get; init; } = PaperStyleLayers;

    /// <summary>The longer side of the style image when its Gram matrices are taken: 384, Table 8's style scale.</summary>
    public int StyleSize { get; init; } = 384;

    /// <summary>Every layer the feature network must return.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FeatureLayers =>
        StyleLayers.Select(l => l.Layer).Prepend(ContentLayer).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Weight(ContentWeight, nameof(ContentWeight));
        Weight(StyleWeight, nameof(StyleWeight));
        Weight(TemporalWeight, nameof(TemporalWeight));
        Weight(TotalVariationWeight, nameof(TotalVariationWeight));
        if (string.IsNullOrWhiteSpace(ContentLayer)) throw new ArgumentException("ContentLayer must name a layer, e.g. \"relu3_3\"", nameof(ContentLayer));
        if (StyleLayers is null || StyleLayers.Count == 0) throw new ArgumentException("StyleLayers must name at least one layer", nameof(StyleLayers));
        foreach (var layer in StyleLayers) Weight(layer.Weight, $"the weight of style layer {layer.Layer}");
        if (StyleSize < 16) throw new ArgumentException($"StyleSize {StyleSize} is too small: the style image's longer side needs at least 16 pixels", nameof(StyleSize));
    }

    private static void Weight(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"{name} must be a finite number ≥ 0, got {value}", name);
    }
}
