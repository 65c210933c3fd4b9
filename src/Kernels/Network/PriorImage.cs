using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// What the network is told about its output in advance (sec. 5.2): an image and a per-pixel mask in [0, 1] saying
/// where that image holds. For video the image is the previous output warped onto the frame and the mask its
/// consistency weights (eq. 15); any other source (a neighbouring cube face's border, sec. 6) fits the same shape.
/// The tensors belong to whoever made the prior.
/// </summary>
/// <param name="Image">[N,3,H,W] in [0, 1].</param>
/// <param name="Mask">[N,1,H,W] in [0, 1]; 0 where the image is not to be trusted.</param>
public sealed record PriorImage(Tensor Image, Tensor Mask)
{
    /// <summary>
    /// The mask shrunk by a <paramref name="size"/>×<paramref name="size"/> minimum filter, as the reference shrinks its
    /// reliable maps (reliable_map_min_filter 7) so that pixels next to a disocclusion or motion boundary are not trusted
    /// either. Size 1 (or less) returns a copy. The caller owns the result.
    /// </summary>
    public static Tensor Erode(Tensor mask, int size)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (size <= 1) return mask.clone();
        if (size % 2 == 0) throw new ArgumentOutOfRangeException(nameof(size), $"the mask's minimum filter is {size} pixels wide; use an odd size");
        using var scope = NewDisposeScope();
        // min(c) = −max(−c); max-pooling pads with −∞, so the border is not eroded by the padding.
        return nn.functional.max_pool2d(mask.neg(), [size, size], [1, 1], [size / 2, size / 2]).neg().MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless the prior matches <paramref name="frame"/> [N,3,H,W] in batch, size, device and type.</summary>
    public void CheckFits(Tensor frame)
    {
        var f = frame.shape;
        if (Image.dim() != 4 || Image.shape[0] != f[0] || Image.shape[1] != 3 || Image.shape[2] != f[2] || Image.shape[3] != f[3])
            throw new ArgumentException($"the prior image [{string.Join(", ", Image.shape)}] does not match the frames [{string.Join(", ", f)}]");
        if (Mask.dim() != 4 || Mask.shape[0] != f[0] || Mask.shape[1] != 1 || Mask.shape[2] != f[2] || Mask.shape[3] != f[3])
            throw new ArgumentException($"the prior's mask [{string.Join(", ", Mask.shape)}] must be [{f[0]}, 1, {f[2]}, {f[3]}]");
        if (Image.dtype != frame.dtype || Mask.dtype != frame.dtype || Image.device_type != frame.device_type || Mask.device_type != frame.device_type)
            throw new ArgumentException("the prior image, its mask and the frames must share one device and type");
    }
}
