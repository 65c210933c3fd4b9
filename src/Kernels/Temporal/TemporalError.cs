using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Temporal;

/// <summary>
/// The temporal error of Ruder et al. Table 2 (ALGORITHMS.md §8): stylized frame t warped back onto
/// frame t−1's pixels with the flow t−1 → t, mean squared error against stylized frame t−1 over the
/// pixels that are visible in both. Pixel values in [0,1].
/// </summary>
public static class TemporalError
{
    /// <param name="previous">stylized frame t−1, [1,3,H,W]</param>
    /// <param name="current">stylized frame t, [1,3,H,W]</param>
    /// <param name="flow">flow t−1 → t on frame t−1's pixels, [1,H,W,2] (ground truth where known)</param>
    /// <param name="visible">1 where the pixel of t−1 is visible in t, 0 elsewhere, [1,1,H,W]</param>
    public static double Compute(Tensor previous, Tensor current, Tensor flow, Tensor visible)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var warped = Warping.Warp(current, flow, GridSamplePaddingMode.Border);
        var count = visible.sum().item<float>() * previous.shape[1];
        if (count == 0) throw new ArgumentException("no pixel is visible in both frames: the temporal error is undefined");
        return (visible * (warped - previous).pow(2)).sum().item<float>() / count;
    }
}
