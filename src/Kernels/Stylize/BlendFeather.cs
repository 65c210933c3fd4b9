using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The consistency weights a multi-pass frame's init blend (eq. 13–14) uses, averaged over a square window. The
/// weights fall from 1 to 0 in one pixel along the line where the warped neighbour's frame ended (a pan, a zoom-out),
/// so the blend stepped from half the neighbour to none there, and the step between the two passes' stylizations
/// stayed as a line at every earlier frame's border. The temporal loss keeps the unaveraged weights.
/// </summary>
public static class BlendFeather
{
    /// <summary>
    /// Window width in pixels. E_grad along earlier borders of a 4-pass preview render (bench/quality.sh, 96×72):
    /// 1.38 without averaging, 1.23 at 7 px, 1.19 at 13 px; the temporal error is unchanged.
    /// </summary>
    public const int Pixels = 13;

    /// <summary>The weights [1,1,H,W] averaged over the window, the image's edges excluded from each average.</summary>
    public static Tensor Of(Tensor weights) =>
        nn.functional.avg_pool2d(weights, Pixels, 1, Pixels / 2, count_include_pad: false);
}
