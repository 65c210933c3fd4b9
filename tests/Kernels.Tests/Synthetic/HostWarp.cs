using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>Bilinear sampling on the host, written independently of the code under test, to check flows by warping.</summary>
internal static class HostWarp
{
    /// <summary>Frame b sampled at x + w(x) for every pixel x of frame a: b warped back onto a (interleaved RGB, unrounded).</summary>
    public static double[] Backward(RgbFrame b, FlowField flow)
    {
        var warped = new double[flow.Width * flow.Height * 3];
        for (var y = 0; y < flow.Height; y++)
        {
            for (var x = 0; x < flow.Width; x++)
            {
                for (var c = 0; c < 3; c++)
                    warped[(y * flow.Width + x) * 3 + c] = Sample(b, x + flow.U(x, y), y + flow.V(x, y), c);
            }
        }
        return warped;
    }

    /// <summary>Bilinear value of channel c at index coordinates (x, y), clamped to the frame.</summary>
    public static double Sample(RgbFrame frame, double x, double y, int c) =>
        Bilinear(frame.Width, frame.Height, x, y, (i, j) => frame[i, j, c]);

    /// <summary>Bilinear flow vector at index coordinates (x, y), clamped to the field.</summary>
    public static (double U, double V) Sample(FlowField flow, double x, double y) =>
        (Bilinear(flow.Width, flow.Height, x, y, (i, j) => flow.U(i, j)),
         Bilinear(flow.Width, flow.Height, x, y, (i, j) => flow.V(i, j)));

    /// <summary>Mean and largest absolute difference between frame a and a warped frame over the masked pixels and all channels.</summary>
    public static (double Mean, double Max, int Pixels) Difference(RgbFrame a, double[] warped, bool[] mask)
    {
        double sum = 0, max = 0;
        var pixels = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            pixels++;
            for (var c = 0; c < 3; c++)
            {
                var d = Math.Abs(a.Pixels[i * 3 + c] - warped[i * 3 + c]);
                sum += d;
                max = Math.Max(max, d);
            }
        }
        return (sum / (3.0 * pixels), max, pixels);
    }

    private static double Bilinear(int width, int height, double x, double y, Func<int, int, double> at)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        int x1 = Math.Min(x0 + 1, width - 1), y1 = Math.Min(y0 + 1, height - 1);
        double fx = x - x0, fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x1, y0)) + fy * ((1 - fx) * at(x0, y1) + fx * at(x1, y1));
    }
}
