using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The flow-derived inputs a frame's stylization needs, in whatever frame numbering the source uses
/// (absolute for the farm's stored flows, whatever a test's in-memory flows use). Returned tensors
/// belong to the source: callers neither keep them past the source's life nor dispose them.
/// </summary>
public interface IFrameFlows
{
    /// <summary>
    /// Weights c [1,1,H,W] on frame <paramref name="target"/>'s pixels for an image of frame
    /// <paramref name="source"/> warped onto it (eq. 5–7).
    /// </summary>
    Tensor Weights(int target, int source);

    /// <summary>
    /// Frame <paramref name="source"/>'s <paramref name="image"/> warped onto frame <paramref name="target"/>
    /// (see <see cref="FrameWarp.Onto"/>); the caller owns the result.
    /// </summary>
    Tensor WarpOnto(Tensor image, int target, int source);

    /// <summary>The same warp with edge pixels where the flow leaves the frame: what multi-pass blends and ties its temporal loss to.</summary>
    Tensor Warp(Tensor image, int target, int source);

    /// <summary>Frees what is loaded for the frame pairs <paramref name="done"/> says the sweep is past (they are loaded again if asked for).</summary>
    void Forget(Func<int, int, bool> done);
}
