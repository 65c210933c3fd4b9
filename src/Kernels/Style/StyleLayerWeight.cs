namespace StyleFarm.Kernels.Style;

/// <summary>A style layer and the weight of its term in the style loss (eq. 2's sum over L_style).</summary>
/// <param name="Layer">The layer's name, e.g. "relu3_1".</param>
/// <param name="Weight">The factor of the layer's term (1 in the reference implementation).</param>
public sealed record StyleLayerWeight(string Layer, double Weight = 1.0);
