using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>The short-term temporal consistency loss of Ruder et al. (eq. 8).</summary>
public static class TemporalLoss
{
    /// <summary>
    /// (1/D)·Σ_k c_k·(x_k − ω_k)², D = W·H·C: the weighted squared difference of the output
    /// <paramref name="x"/> (N, C, H, W) from the warped previous output <paramref name="omega"/> (same shape),
    /// with per-pixel weights <paramref name="c"/> (N, 1, H, W) broadcast over the channels. For N &gt; 1 the
    /// sum runs over all images and D is N·W·H·C (the mean of the per-image losses). A 0-dim tensor,
    /// differentiable in x.
    /// </summary>
    public static Tensor Compute(Tensor x, Tensor omega, Tensor c)
    {
        var shape = LossChecks.Image(x, nameof(x), "the temporal loss");
        LossChecks.SameShape(x, nameof(x), omega, nameof(omega), "the temporal loss");
        LossChecks.PixelWeights(c, nameof(c), shape, "the temporal loss");
        // Eq. 8: (1/D) Σ_k c_k (x_k − ω_k)², D = W·H·C.
        using var difference = x.sub(omega);
        using var squared = difference.square();
        using var weighted = squared.mul(c);
        using var sum = weighted.sum();
        return sum.div((double)(shape[0] * shape[1] * shape[2] * shape[3]));
    }
}
