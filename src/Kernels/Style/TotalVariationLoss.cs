using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// The total-variation regulariser of DeepMovie (Anderson et al., eq. 6), which smooths the output.
/// Exact form: the sum, over every channel and every pair of vertically or horizontally adjacent pixels, of
/// the squared difference (x_{u+1,v} − x_{u,v})² + (x_{u,v+1} − x_{u,v})²; not a mean, not absolute values.
/// λ_tv is applied by the caller. (neural-style's TVLoss, used by artistic-videos, differentiates half of this
/// over the (H−1)×(W−1) interior on 0–255 pixels; here pixels are in [0, 1].)
/// </summary>
public static class TotalVariationLoss
{
    /// <summary>Σ squared neighbour differences of <paramref name="x"/> (N, C, H, W); a 0-dim tensor, differentiable in x.</summary>
    public static Tensor Compute(Tensor x)
    {
        var shape = LossChecks.Image(x, nameof(x), "the total-variation loss");
        // DeepMovie eq. 6: Σ_{u,v} (x_{u+1,v} − x_{u,v})² + (x_{u,v+1} − x_{u,v})².
        using var vertical = Differences(x, 2, shape[2]);
        using var horizontal = Differences(x, 3, shape[3]);
        return vertical.add(horizontal);
    }

    // Σ (x[i+1] − x[i])² along one axis (0 for an axis of length 1).
    private static Tensor Differences(Tensor x, long dim, long length)
    {
        var pairs = Math.Max(0, length - 1);
        using var next = x.narrow(dim, Math.Min(1, length), pairs);
        using var previous = x.narrow(dim, 0, pairs);
        return nn.functional.mse_loss(next, previous, nn.Reduction.Sum);
    }
}
