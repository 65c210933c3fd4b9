using StyleFarm.Kernels.Temporal;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>The warp a stylizer initialises and ties frames with (ALGORITHMS.md §2).</summary>
public static class FrameWarp
{
    /// <summary>
    /// <paramref name="image"/> [1,3,H,W] backward-warped by <paramref name="flowToSource"/> [1,H,W,2] (the flow
    /// from the target frame to the image's frame); pixels whose source lies outside the frame get the
    /// image's mean colour, as the reference does. The caller owns the result.
    /// </summary>
    public static Tensor Onto(Tensor image, Tensor flowToSource)
    {
        using var scope = NewDisposeScope();
        var warped = Warping.Warp(image, flowToSource, GridSamplePaddingMode.Border);
        var inside = Warping.InsideMask(flowToSource);
        var mean = image.mean([2, 3], keepdim: true);
        return (warped * inside + mean * (1f - inside)).MoveToOuterDisposeScope();
    }
}
