using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// Gram matrices of feature maps: G = F·Fᵀ with F the (N_l × M_l) feature map of one image (N_l channels,
/// M_l = H·W positions), the feature correlations Ruder et al. (sec. 3, eq. 2) use to describe style.
/// </summary>
public static class GramMatrix
{
    /// <summary>
    /// True when float32 Gram matrices on the CPU are computed with oneDNN's sgemm (the one libtorch
    /// loads for its convolutions) rather than the BLAS libtorch was built with; false on a libtorch
    /// without a shared oneDNN. The values are the same up to float32 rounding either way.
    /// </summary>
    public static bool UsesOneDnn => GramNative.UsesOneDnn() != 0;

    /// <summary>G = F·Fᵀ per image: features (N, C, H, W) → (N, C, C), differentiable in F.</summary>
    public static Tensor Compute(Tensor F) => Scaled(F, 1.0);

    /// <summary>
    /// G / (N_l·M_l) per image, the Gram normalised by the feature map's element count as neural-style
    /// normalises it (see <see cref="StyleLoss"/>): features (N, C, H, W) → (N, C, C).
    /// </summary>
    public static Tensor Normalized(Tensor F)
    {
        var shape = RequireFeatures(F);
        return Scaled(F, 1.0 / ((double)shape[1] * shape[2] * shape[3]));
    }

    /// <summary>alpha·F·Fᵀ per image (the scale is applied inside the product, at no extra cost).</summary>
    public static Tensor Scaled(Tensor F, double alpha)
    {
        var shape = RequireFeatures(F);
        using var flat = F.reshape(shape[0], shape[1], shape[2] * shape[3]);
        return Tensor.Wrap(GramNative.Gram(flat.Handle, alpha, out var result), result, "gram");
    }

    private static long[] RequireFeatures(Tensor F)
    {
        ArgumentNullException.ThrowIfNull(F);
        var shape = F.shape;
        if (shape.Length != 4)
            throw new ArgumentException($"a Gram matrix takes (N, C, H, W) feature maps; got shape [{string.Join(", ", shape)}]", nameof(F));
        return shape;
    }
}
