using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// Wang et al.'s "enhanced coherence" loss (sec. 5.2.3), the fallback where optical flow fails inside a
/// shot: f(MSE(Vᵢ, Vᵢ₋₁))·MSE(V′ᵢ, V′ᵢ₋₁) + MSE(V′ᵢ − V′ᵢ₋₁, Vᵢ − Vᵢ₋₁) with f(x) = tanh(e^(−x)), V the
/// content frames and V′ the stylized ones, pixels in [0, 1]. The first term ties the output to the previous
/// output only as much as the content frames agree; the second asks the output to change as the content does.
/// </summary>
public static class EnhancedCoherenceLoss
{
    /// <summary>
    /// The loss for the output <paramref name="x"/> = V′ᵢ, the previous output
    /// <paramref name="previousStylized"/> = V′ᵢ₋₁ and the content frames <paramref name="content"/> = Vᵢ and
    /// <paramref name="previousContent"/> = Vᵢ₋₁, all of one shape. A 0-dim tensor, differentiable in x.
    /// </summary>
    public static Tensor Compute(Tensor x, Tensor previousStylized, Tensor content, Tensor previousContent)
    {
        LossChecks.Image(x, nameof(x), "the enhanced coherence loss");
        LossChecks.SameShape(x, nameof(x), previousStylized, nameof(previousStylized), "the enhanced coherence loss");
        LossChecks.SameShape(x, nameof(x), content, nameof(content), "the enhanced coherence loss");
        LossChecks.SameShape(x, nameof(x), previousContent, nameof(previousContent), "the enhanced coherence loss");
        var f = Factor(content, previousContent);
        // Wang et al.: f(MSE(Vᵢ,Vᵢ₋₁))·MSE(V′ᵢ,V′ᵢ₋₁) + MSE(V′ᵢ−V′ᵢ₋₁, Vᵢ−Vᵢ₋₁).
        using var follow = nn.functional.mse_loss(x, previousStylized);
        using var stylizedChange = x.sub(previousStylized);
        using var contentChange = content.sub(previousContent);
        using var mirror = nn.functional.mse_loss(stylizedChange, contentChange);
        return mirror.add(follow, f);
    }

    /// <summary>
    /// f(MSE(Vᵢ, Vᵢ₋₁)) = tanh(e^(−MSE)) of the content frames: near tanh(1) ≈ 0.76 for equal frames, falling
    /// as they differ. A constant of the frame pair (no gradient).
    /// </summary>
    public static double Factor(Tensor content, Tensor previousContent)
    {
        LossChecks.SameShape(content, nameof(content), previousContent, nameof(previousContent), "the coherence factor");
        using var _ = no_grad();
        using var mse = nn.functional.mse_loss(content, previousContent);
        using var mse64 = mse.to_type(ScalarType.Float64);
        return Math.Tanh(Math.Exp(-mse64.item<double>()));
    }
}
