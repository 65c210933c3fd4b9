using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// Gram matrices of feature maps: G = F·Fᵀ with F the (N_l × M_l) feature map of one image (N_l channels,
/// M_l = H·W positions), the feature correlations Ruder et al. (sec. 3, eq. 2) use to describe style.
/// </summary>
public static class GramMatrix
{
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

    /// <summary>alpha·F·Fᵀ per image, differentiable in F; the scale is applied to the small (C, C) result.</summary>
    /// <remarks>
    /// Autograd of F·Fᵀ computes the gradients of F's two uses separately (dG·F and dGᵀ·F: two C×C×M products, as
    /// many as the forward's one again). Here H = F·F̄ᵀ with F̄ = F detached carries the gradient through its first
    /// factor only, and G = α(H + Hᵀ) − α·H̄ has the value αFFᵀ and the gradient dF = α(dG + dGᵀ)·F: one product
    /// (the backward's second GEMM; 2.5× faster at relu1_1 of 512×218, bench/run-style.sh), exact for any dG.
    /// </remarks>
    public static Tensor Scaled(Tensor F, double alpha)
    {
        var shape = RequireFeatures(F);
        using var scope = NewDisposeScope();
        var H = IsChannelsLast(F) ? FromRows(F, shape) : FromChannels(F, shape);
        var symmetric = H.add(H.transpose(1, 2)).mul_(alpha);
        return symmetric.sub_(H.detach().mul(alpha)).MoveToOuterDisposeScope();
    }

    // F·F̄ᵀ with F as (C, H·W) rows: the layout of NCHW feature maps.
    private static Tensor FromChannels(Tensor F, long[] shape)
    {
        var flat = F.reshape(shape[0], shape[1], shape[2] * shape[3]);
        var fixedFactor = flat.detach();
        // One image (the stylizer's case) through mm: libtorch's bmm of one large matrix is slower.
        return shape[0] == 1
            ? flat[0].mm(fixedFactor[0].t()).unsqueeze(0)
            : bmm(flat, fixedFactor.transpose(1, 2));
    }

    // The same product from (H·W, C) rows, a view of channels-last feature maps (FeatureNetwork's on the CPU): the
    // backward's dF then comes out channels-last too, where transposing it into NCHW rows made relu1_1's Gram 1.3× slower.
    private static Tensor FromRows(Tensor F, long[] shape)
    {
        var rows = F.permute(0, 2, 3, 1).reshape(shape[0], shape[2] * shape[3], shape[1]);
        var fixedRows = rows.detach();
        return shape[0] == 1
            ? rows[0].t().mm(fixedRows[0]).unsqueeze(0)
            : bmm(rows.transpose(1, 2), fixedRows);
    }

    // Channels-last strides: the channel dimension is the innermost one.
    private static bool IsChannelsLast(Tensor F) => F.shape[1] > 1 && F.stride(1) == 1 && F.stride(3) == F.shape[1];

    private static long[] RequireFeatures(Tensor F)
    {
        ArgumentNullException.ThrowIfNull(F);
        var shape = F.shape;
        if (shape.Length != 4)
            throw new ArgumentException($"a Gram matrix takes (N, C, H, W) feature maps; got shape [{string.Join(", ", shape)}]", nameof(F));
        return shape;
    }
}
