using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>The content loss of Ruder et al. (eq. 1): how far the output's features are from the content image's.</summary>
public static class ContentLoss
{
    /// <summary>
    /// (1/(N_l·M_l))·Σ (F − P)², the mean squared error of one layer's features F of the output x and P of
    /// the content image p (same shape); a 0-dim tensor, differentiable in F.
    /// </summary>
    public static Tensor Compute(Tensor F, Tensor P)
    {
        LossChecks.SameShape(F, nameof(F), P, nameof(P), "the content loss");
        // Eq. 1: mean squared error of the features (1/(N_l M_l) Σ (F − P)²).
        return nn.functional.mse_loss(F, P);
    }
}
