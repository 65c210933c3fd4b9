using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// L_video of eq. 17–19 on a batch: the perceptual loss of the output x against its frame f (content) and the style
/// image a (style, on VGG-16), plus the temporal loss against the warped previous output where its mask holds (eq. 8)
/// and total variation. An empty prior (mask 0, eq. 18) leaves the temporal term 0 for that sample. The feature network
/// and the style targets are shared, not owned.
/// </summary>
public sealed class VideoLoss
{
    private readonly FeatureNetwork _network;
    private readonly StyleTargets _style;
    private readonly NetworkLossOptions _options;

    /// <summary>The loss on <paramref name="network"/>'s features (it must return <see cref="NetworkLossOptions.FeatureLayers"/>) with the style targets <paramref name="style"/>.</summary>
    public VideoLoss(FeatureNetwork network, StyleTargets style, NetworkLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(style);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var missing = options.FeatureLayers.Where(l => !network.Layers.Contains(l)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"the feature network returns {string.Join(", ", network.Layers)}; the loss also needs {string.Join(", ", missing)}", nameof(network));
        _network = network;
        _style = style;
        _options = options;
    }

    /// <summary>The settings.</summary>
    public NetworkLossOptions Options => _options;

    /// <summary>
    /// The style targets of <paramref name="a"/> (1,3,h,w in [0, 1]) for this loss: the image scaled so its longer side
    /// is <see cref="NetworkLossOptions.StyleSize"/> (as Table 8's style scale), its Gram matrices at the style layers.
    /// </summary>
    public static StyleTargets Targets(FeatureNetwork network, Tensor a, NetworkLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(a);
        var (h, w) = (a.shape[2], a.shape[3]);
        var scale = (double)options.StyleSize / Math.Max(h, w);
        var (width, height) = ((int)Math.Max(1, Math.Round(w * scale)), (int)Math.Max(1, Math.Round(h * scale)));
        return StyleTargets.Compute(network, a, width, height, options.StyleLayers.Select(l => l.Layer));
    }

    /// <summary>
    /// The weighted terms for outputs <paramref name="x"/> [N,3,H,W] of frames <paramref name="f"/> (same shape), tied to
    /// <paramref name="prior"/> (the warped previous outputs and their masks; null: no temporal term). Differentiable in x.
    /// </summary>
    public VideoLossTerms Compute(Tensor x, Tensor f, PriorImage? prior)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(f);
        using var scope = NewDisposeScope();
        var images = x.shape[0];
        var features = _network.Forward(x);
        Tensor contentFeatures;
        using (no_grad()) contentFeatures = _network.Forward(f)[_options.ContentLayer];
        var content = ContentLoss.Compute(features[_options.ContentLayer], contentFeatures).mul(_options.ContentWeight);  // eq. 1 on relu3_3
        var style = StyleLoss.Compute(features, _style, _options.StyleLayers).mul(_options.StyleWeight);                   // eq. 2 on relu1_2 … relu4_3
        var temporal = prior is null ? zeros([], dtype: x.dtype, device: x.device)
            : TemporalLoss.Compute(x, prior.Image, prior.Mask).mul(_options.TemporalWeight);                           // eq. 8
        var tv = _options.TotalVariationWeight == 0 ? zeros([], dtype: x.dtype, device: x.device)
            : TotalVariationLoss.Compute(x).mul(_options.TotalVariationWeight / images);                              // DeepMovie eq. 6, per image
        var total = content + style + temporal + tv;
        return new VideoLossTerms(content.MoveToOuterDisposeScope(), style.MoveToOuterDisposeScope(), temporal.MoveToOuterDisposeScope(),
            tv.MoveToOuterDisposeScope(), total.MoveToOuterDisposeScope());
    }
}
