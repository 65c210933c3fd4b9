using StyleFarm.Kernels.Models;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// The 7 input channels of <see cref="TransformerNetwork"/> (eq. 15): the frame f, the prior image masked by its mask
/// c, and c. Colours enter centred on ImageNet's mean pixel, as the reference's VGG preprocessing centres them, so a
/// masked-out prior (and an empty one, eq. 18: prior 0, mask 0) reads as the mean pixel, not as black.
/// </summary>
public static class NetworkInput
{
    /// <summary>
    /// [N,7,H,W] from the frames <paramref name="frame"/> [N,3,H,W] in [0, 1] and their <paramref name="prior"/> (null:
    /// empty, as for a shot's first frame). The caller owns the result.
    /// </summary>
    public static Tensor Build(Tensor frame, PriorImage? prior)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.dim() != 4 || frame.shape[1] != 3)
            throw new ArgumentException($"frames are [N, 3, H, W]; got [{string.Join(", ", frame.shape)}]", nameof(frame));
        using var scope = NewDisposeScope();
        var mean = tensor(ImageNetNormalization.Mean.ToArray(), [1, 3, 1, 1], dtype: frame.dtype, device: frame.device);
        var f = frame - mean;
        if (prior is null)
        {
            var empty = zeros([frame.shape[0], 4, frame.shape[2], frame.shape[3]], dtype: frame.dtype, device: frame.device);
            return cat([f, empty], 1).MoveToOuterDisposeScope();
        }
        prior.CheckFits(frame);
        return cat([f, prior.Mask * (prior.Image - mean), prior.Mask], 1).MoveToOuterDisposeScope(); // eq. 15: f, c·ω(x), c
    }
}
