using System.Text.Json.Serialization;
using StyleFarm.Kernels.Style;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// The weights and layers of the network's training loss L_video (eq. 17): α·content + β·style on VGG-16 (content
/// relu3_3; style relu1_2, relu2_2, relu3_3, relu4_3, sec. 7.2.2) + γ·temporal (eq. 8) + λ_tv·total variation. The
/// style image is scaled so its longer side is <see cref="StyleSize"/> before its Gram matrices are taken.
/// </summary>
/// <remarks>
/// The reference (fast-artistic-videos) weighs Caffe's VGG-16 features of 0–255 pixels (content 1, style 10–20, pixel
/// loss 50 or 100 on 0–255 pixels); torchvision's VGG-16 on [0, 1] pixels has other magnitudes, and here it usually
/// has seeded random weights. <see cref="ContentWeight"/> and <see cref="StyleWeight"/> were calibrated on this stack
/// (see <see cref="StyleWeight"/>); <see cref="TemporalWeight"/> is the paper's number on the reference's pixel scale.
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

    /// <summary>α: 1, as the reference.</summary>
    public double ContentWeight { get; init; } = 1;

    /// <summary>β: PLACEHOLDER</summary>
    public double StyleWeight { get; init; } = 1;

    /// <summary>γ of eq. 8 on [0, 1] pixels: <see cref="MixedTemporalWeight"/>; <see cref="PlainTemporalWeight"/> without mixed training.</summary>
    public double TemporalWeight { get; init; } = MixedTemporalWeight;

    /// <summary>λ_tv, the weight of DeepMovie's total variation (eq. 6) per image: PLACEHOLDER</summary>
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
