namespace StyleFarm.Kernels.Style;

/// <summary>
/// The weights and layers of one frame's energy α·L_content + β·L_style + γ·L_temporal + η·L_coherence +
/// λ_tv·L_tv (Ruder et al. eq. 3, 10, 11; Wang et al.; DeepMovie eq. 6). The defaults are the reference
/// implementation's (artistic-videos, ALGORITHMS §1): content 5, style 100, temporal 1000, TV 1e-3, on
/// VGG-19 with content relu4_2 and style relu1_1 … relu5_1, each style layer weighted 1.
/// </summary>
/// <remarks>
/// Those weights were tuned on Caffe's VGG-19 fed 0–255 BGR pixels; torchvision's VGG-19 is fed
/// (x − mean)/std of [0, 1] pixels, so its activations, and the balance of the terms, differ. A preset that
/// needs another balance sets the weights it documents.
/// </remarks>
public sealed record StyleEnergyOptions
{
    /// <summary>The reference implementation's style layers, each weighted 1.</summary>
    public static IReadOnlyList<StyleLayerWeight> ReferenceStyleLayers { get; } = Array.AsReadOnly(new[]
    {
        new StyleLayerWeight("relu1_1"), new StyleLayerWeight("relu2_1"), new StyleLayerWeight("relu3_1"),
        new StyleLayerWeight("relu4_1"), new StyleLayerWeight("relu5_1"),
    });

    /// <summary>α, the content loss's weight (eq. 3).</summary>
    public double ContentWeight { get; init; } = 5;

    /// <summary>β, the style loss's weight (eq. 3).</summary>
    public double StyleWeight { get; init; } = 100;

    /// <summary>γ, the weight of the temporal losses (eq. 10, 11), short- and long-term alike.</summary>
    public double TemporalWeight { get; init; } = 1000;

    /// <summary>
    /// η, the weight of Wang et al.'s enhanced coherence loss; by default γ, since it measures pixel
    /// differences on the same scale as eq. 8 and takes the temporal loss's place where flow fails.
    /// </summary>
    public double CoherenceWeight { get; init; } = 1000;

    /// <summary>λ_tv, the total-variation weight (DeepMovie eq. 6); 0 leaves the term out.</summary>
    public double TotalVariationWeight { get; init; } = 1e-3;

    /// <summary>The content layer (eq. 1).</summary>
    public string ContentLayer { get; init; } = "relu4_2";

    /// <summary>The style layers and their weights w_l (eq. 2).</summary>
    public IReadOnlyList<StyleLayerWeight> StyleLayers { get; init; } = ReferenceStyleLayers;

    /// <summary>The style image's area as a multiple of the content's (ALGORITHMS §1).</summary>
    public double StyleScale { get; init; } = 1.0;

    /// <summary>Every layer the feature network must return: the content layer and the style layers.</summary>
    public IReadOnlyList<string> FeatureLayers =>
        StyleLayers.Select(l => l.Layer).Prepend(ContentLayer).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        Weight(ContentWeight, nameof(ContentWeight));
        Weight(StyleWeight, nameof(StyleWeight));
        Weight(TemporalWeight, nameof(TemporalWeight));
        Weight(CoherenceWeight, nameof(CoherenceWeight));
        Weight(TotalVariationWeight, nameof(TotalVariationWeight));
        if (string.IsNullOrWhiteSpace(ContentLayer))
            throw new ArgumentException("ContentLayer must name a layer, e.g. \"relu4_2\"", nameof(ContentLayer));
        if (StyleLayers is null || StyleLayers.Count == 0)
            throw new ArgumentException("StyleLayers must name at least one layer, e.g. \"relu1_1\"", nameof(StyleLayers));
        foreach (var layer in StyleLayers)
        {
            if (layer is null || string.IsNullOrWhiteSpace(layer.Layer))
                throw new ArgumentException("every style layer needs a name", nameof(StyleLayers));
            Weight(layer.Weight, $"the weight of style layer {layer.Layer}");
        }
        if (StyleLayers.Select(l => l.Layer).Distinct(StringComparer.Ordinal).Count() != StyleLayers.Count)
            throw new ArgumentException(
                $"a style layer is listed twice in {string.Join(", ", StyleLayers.Select(l => l.Layer))}; list each once", nameof(StyleLayers));
        if (!(StyleScale > 0) || double.IsInfinity(StyleScale))
            throw new ArgumentException($"StyleScale must be a positive number, got {StyleScale}", nameof(StyleScale));
    }

    private static void Weight(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentException($"{name} must be a finite number ≥ 0, got {value}", name);
    }
}
