using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// The style loss of Ruder et al. (eq. 2): squared differences of Gram matrices of the output x and the style
/// image a, summed over the style layers with per-layer weights.
/// </summary>
/// <remarks>
/// Normalisation, exactly: each Gram matrix is divided by its own feature map's element count N_l·M_l
/// (Ĝ = G/(N_l·M_l), Â = A/(N_l·M_l^a), with M_l^a from the style image's size), and a layer's term is the
/// mean over the N_l² entries: E_l = (1/N_l²)·Σ_ij (Ĝ_ij − Â_ij)² = Σ_ij (G_ij − A_ij)² / (N_l⁴·M_l²) when the
/// style image has the content's area (the default style scale). This is what the reference code computes
/// (neural-style's StyleLoss, used by artistic-videos: G:div(input:nElement()) then nn.MSECriterion, which
/// averages over the Gram's entries), and the reference weights (content 5, style 100) were tuned with it.
/// Eq. 2 as printed, 1/(N_l²·M_l²) without the mean, is N_l² times larger per layer; multiply a layer's weight
/// by N_l² to get it. Dividing each Gram by its own image's size also makes the target independent of the
/// style image's resolution.
/// </remarks>
public static class StyleLoss
{
    /// <summary>
    /// One layer's term: E_l = mean((Ĝ − A)²) with Ĝ the normalised Gram of the output's features
    /// <paramref name="F"/> (N, C, H, W) and <paramref name="A"/> the style image's normalised Gram (N or 1, C, C),
    /// as <see cref="StyleTargets"/> holds it. A 0-dim tensor, differentiable in F.
    /// </summary>
    public static Tensor Layer(Tensor F, Tensor A)
    {
        ArgumentNullException.ThrowIfNull(A);
        using var G = GramMatrix.Normalized(F);
        var g = G.shape;
        var a = A.shape;
        if (a.Length != 3 || a[1] != g[1] || a[2] != g[2] || (a[0] != g[0] && a[0] != 1))
            throw new ArgumentException(
                $"the style target of a layer with {g[1]} channels must have shape [1, {g[1]}, {g[1]}]; A has shape {LossChecks.Shape(a)}",
                nameof(A));
        // Eq. 2, per layer, with neural-style's normalisation (see the remarks above).
        if (a[0] == g[0]) return nn.functional.mse_loss(G, A);
        using var expanded = A.expand(g);
        return nn.functional.mse_loss(G, expanded);
    }

    /// <summary>
    /// L_style = Σ_l w_l·E_l over <paramref name="layers"/>, with the output's features from
    /// <paramref name="features"/> (as <see cref="FeatureNetwork.Forward"/> returns them) and the targets
    /// of the style image a from <paramref name="a"/>. A 0-dim tensor, differentiable in the features.
    /// </summary>
    public static Tensor Compute(IReadOnlyDictionary<string, Tensor> features, StyleTargets a, IReadOnlyList<StyleLayerWeight> layers)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("the style loss needs at least one layer", nameof(layers));
        Tensor? total = null;
        foreach (var layer in layers)
        {
            if (!features.TryGetValue(layer.Layer, out var F))
                throw new ArgumentException(
                    $"style layer '{layer.Layer}' is not among the features given ({string.Join(", ", features.Keys)}); " +
                    "request it from the feature network", nameof(features));
            using var term = Layer(F, a[layer.Layer]);
            total = Accumulate.Add(total, term, layer.Weight);
        }
        return total!;
    }
}
