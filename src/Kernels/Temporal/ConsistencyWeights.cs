using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Temporal;

/// <summary>
/// Per-pixel weights c ∈ [0,1] saying where a warped frame can be trusted (ALGORITHMS.md §2):
/// 0 at disocclusions (eq. 5–6), motion boundaries (eq. 7) and where x + ŵ(x) leaves the image;
/// 1 elsewhere; then smoothed with a 5-tap Gaussian and clipped, like the reference checker.
/// </summary>
public sealed class ConsistencyWeights(ConsistencyOptions options)
{
    /// <summary>
    /// The weights of <paramref name="checkedFlow"/> ŵ (frame B→A, on B's pixels) given the opposite flow
    /// <paramref name="otherFlow"/> w (A→B). Both are [N,H,W,2]; the result is [N,1,H,W].
    /// </summary>
    public Tensor Compute(Tensor checkedFlow, Tensor otherFlow)
    {
        if (!checkedFlow.shape.SequenceEqual(otherFlow.shape))
            throw new ArgumentException(
                $"the two flows differ in shape: [{string.Join(",", checkedFlow.shape)}] and [{string.Join(",", otherFlow.shape)}]");
        using var scope = NewDisposeScope();
        var wHat = checkedFlow.permute(0, 3, 1, 2);                                   // ŵ as [N,2,H,W]
        var wTilde = Warping.Warp(otherFlow.permute(0, 3, 1, 2).contiguous(), checkedFlow,
            GridSamplePaddingMode.Border);                                           // w̃(x) = w(x + ŵ(x)), eq. 5
        var wHatSq = wHat.pow(2).sum([1], keepdim: true);
        var disoccluded = (wTilde + wHat).pow(2).sum([1], keepdim: true)
            .gt(options.DisocclusionRelative * (wTilde.pow(2).sum([1], keepdim: true) + wHatSq) + options.DisocclusionAbsolute); // eq. 6
        var motionBoundary = GradientSquaredNorm(wHat)
            .gt(options.MotionBoundaryRelative * wHatSq + options.MotionBoundaryAbsolute); // eq. 7
        var reliable = 1f - maximum(disoccluded.to_type(ScalarType.Float32), motionBoundary.to_type(ScalarType.Float32));
        var weights = reliable * Warping.InsideMask(checkedFlow);
        return Smooth(weights).MoveToOuterDisposeScope();
    }

    /// <summary>|∇û|² + |∇v̂|² with central differences [−0.5, 0, 0.5] (one-sided halves at the border); [N,1,H,W].</summary>
    private static Tensor GradientSquaredNorm(Tensor flow)
    {
        var height = flow.shape[2];
        var width = flow.shape[3];
        var padded = nn.functional.pad(flow.contiguous(), [1, 1, 1, 1], PaddingModes.Replicate);
        var dx = 0.5f * (padded.narrow(2, 1, height).narrow(3, 2, width) - padded.narrow(2, 1, height).narrow(3, 0, width));
        var dy = 0.5f * (padded.narrow(2, 2, height).narrow(3, 1, width) - padded.narrow(2, 0, height).narrow(3, 1, width));
        return (dx.pow(2) + dy.pow(2)).sum([1], keepdim: true);
    }

    /// <summary>Separable 5-tap Gaussian with replicated borders, then clipped to [0,1].</summary>
    private Tensor Smooth(Tensor weights)
    {
        if (options.SmoothingSigma <= 0) return weights.clone();
        var taps = GaussianTaps(options.SmoothingSigma);
        var horizontal = tensor(taps, [1, 1, 1, 5], device: weights.device);
        var vertical = tensor(taps, [1, 1, 5, 1], device: weights.device);
        var x = nn.functional.pad(weights, [2, 2, 2, 2], PaddingModes.Replicate);
        x = nn.functional.conv2d(x, horizontal);
        x = nn.functional.conv2d(x, vertical);
        return x.clamp(0f, 1f);
    }

    private static float[] GaussianTaps(float sigma)
    {
        var taps = new float[5];
        for (var k = -2; k <= 2; k++) taps[k + 2] = MathF.Exp(-k * k / (2 * sigma * sigma));
        var sum = taps.Sum();
        return taps.Select(t => t / sum).ToArray();
    }
}
