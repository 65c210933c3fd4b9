using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Temporal;

/// <summary>
/// Backward warping (ALGORITHMS.md §2): out(x) = image(x + w(x)), sampled bilinearly, where w is the
/// flow from the output frame to the image's frame. Flows are [N,H,W,2] tensors of pixel
/// displacements (u, v), the layout of <c>FlowField.Data</c>.
/// </summary>
public static class Warping
{
    /// <summary>Pixel coordinates (x, y) of every pixel, shaped [1,H,W,2] like a flow.</summary>
    public static Tensor PixelGrid(long height, long width, Device device)
    {
        using var xs = arange(0, width, 1, ScalarType.Float32, device).view(1, 1, width).expand(1, height, width);
        using var ys = arange(0, height, 1, ScalarType.Float32, device).view(1, height, 1).expand(1, height, width);
        return stack([xs, ys], -1);
    }

    /// <summary>Samples <paramref name="image"/> [N,C,H,W] at x + flow(x); flow is [N,H,W,2] in pixels.</summary>
    /// <param name="padding">What is read for targets outside the image (zeros, or the nearest border pixel).</param>
    public static Tensor Warp(Tensor image, Tensor flow, GridSamplePaddingMode padding = GridSamplePaddingMode.Border)
    {
        CheckShapes(image, flow);
        using var scope = NewDisposeScope();
        var height = image.shape[2];
        var width = image.shape[3];
        var target = PixelGrid(height, width, image.device) + flow;
        // grid_sample with align_corners=true maps -1 and +1 to the centres of the first and last pixels.
        var scale = tensor([2f / Math.Max(width - 1, 1), 2f / Math.Max(height - 1, 1)], [2], device: image.device);
        var grid = target * scale - 1f;
        return nn.functional.grid_sample(image, grid, GridSampleMode.Bilinear, padding, align_corners: true)
            .MoveToOuterDisposeScope();
    }

    /// <summary>1 where x + flow(x) lands inside the image (pixel centres 0..W−1, 0..H−1), else 0; [N,1,H,W].</summary>
    public static Tensor InsideMask(Tensor flow)
    {
        using var scope = NewDisposeScope();
        var height = flow.shape[1];
        var width = flow.shape[2];
        var target = PixelGrid(height, width, flow.device) + flow;
        var x = target.narrow(3, 0, 1);
        var y = target.narrow(3, 1, 1);
        var inside = x.ge(0f).to_type(ScalarType.Float32) * x.le(width - 1f).to_type(ScalarType.Float32)
                   * y.ge(0f).to_type(ScalarType.Float32) * y.le(height - 1f).to_type(ScalarType.Float32);
        return inside.permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    private static void CheckShapes(Tensor image, Tensor flow)
    {
        if (image.dim() != 4 || flow.dim() != 4 || flow.shape[3] != 2)
            throw new ArgumentException(
                $"warp needs an image [N,C,H,W] and a flow [N,H,W,2]; got [{string.Join(",", image.shape)}] and [{string.Join(",", flow.shape)}]");
        if (image.shape[0] != flow.shape[0] || image.shape[2] != flow.shape[1] || image.shape[3] != flow.shape[2])
            throw new ArgumentException(
                $"image [{string.Join(",", image.shape)}] and flow [{string.Join(",", flow.shape)}] differ in batch or size");
    }
}
