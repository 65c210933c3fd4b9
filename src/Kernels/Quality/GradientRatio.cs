using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Quality;

/// <summary>
/// Ruder et al.'s E_gradient (appendix A.9, eq. 23): how strong an image's gradients are in a region compared
/// with the whole image. G_x is the largest absolute horizontal difference over the colour channels (G_y likewise);
/// r_x = mean of G_x in the region s_x ÷ mean of G_x over the image, and E = (|s_x|·r_x + |s_y|·r_y) / (|s_x| + |s_y|).
/// 1.0 means the region's edges are as strong as the image's on average; a visible line along the region shows as more.
/// </summary>
public static class GradientRatio
{
    /// <summary>
    /// E_gradient of <paramref name="image"/> [1,3,H,W] over the horizontal differences <paramref name="horizontal"/>
    /// ([H, W − 1] row-major) and the vertical differences <paramref name="vertical"/> ([H − 1, W]); null when both
    /// regions are empty.
    /// </summary>
    public static double? Compute(Tensor image, bool[] horizontal, bool[] vertical)
    {
        var (height, width) = ((int)image.shape[2], (int)image.shape[3]);
        if (horizontal.Length != height * (width - 1) || vertical.Length != (height - 1) * width)
            throw new ArgumentException($"the masks must be [{height}, {width - 1}] and [{height - 1}, {width}] for a {width}×{height} image");
        float[] gx, gy;
        using (NewDisposeScope())
        {
            var x = image.detach().cpu().to_type(ScalarType.Float32);
            gx = (x.narrow(3, 1, width - 1) - x.narrow(3, 0, width - 1)).abs().amax([1]).contiguous().data<float>().ToArray(); // eq. 23's G_x: cmax of |∂x|
            gy = (x.narrow(2, 1, height - 1) - x.narrow(2, 0, height - 1)).abs().amax([1]).contiguous().data<float>().ToArray();
        }
        var (sx, rx) = Ratio(gx, horizontal);
        var (sy, ry) = Ratio(gy, vertical);
        return sx + sy == 0 ? null : (sx * rx + sy * ry) / (sx + sy); // eq. 23
    }

    // |s| and r = (‖s∘G‖₁/‖s‖₁) / (‖G‖₁/D).
    private static (int Count, double Ratio) Ratio(float[] gradient, bool[] region)
    {
        double inside = 0, all = 0;
        var count = 0;
        for (var i = 0; i < gradient.Length; i++)
        {
            all += gradient[i];
            if (!region[i]) continue;
            inside += gradient[i];
            count++;
        }
        return count == 0 || all == 0 ? (count, 0) : (count, inside / count / (all / gradient.Length));
    }
}
