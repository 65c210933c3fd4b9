using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// Renders what a <see cref="CameraWindow"/> sees of a photo. Along each axis a frame pixel is the
/// mean of k = max(1, round(s)) bilinear samples of the photo spread evenly over the pixel's
/// footprint [o + s·i, o + s·(i + 1)), at o + s·(i + (q + ½)/k): with s below 1.5 that is one bilinear
/// sample at the pixel centre (exact copies for whole-pixel offsets at s = 1); when zoomed out it
/// approximates the area average so that frames don't alias (exactly the k×k box average when s is
/// a whole number and the offset whole). Bilinear samples sit on photo pixel centres (i + ½); a
/// sample within half a pixel of the photo's edge repeats the edge pixel.
/// </summary>
internal static class PhotoSampler
{
    /// <summary>Writes the W×H frame the camera sees into <paramref name="target"/> (interleaved RGB).</summary>
    public static void Render(RgbFrame photo, CameraWindow camera, int width, int height, byte[] target)
    {
        // The filter is separable: per column and per row a short list of photo taps and weights.
        var columns = Taps(camera.OffsetX, camera.ScaleX, width, photo.Width);
        var rows = Taps(camera.OffsetY, camera.ScaleY, height, photo.Height);
        var source = photo.Pixels;
        Span<double> sum = stackalloc double[3];
        for (var y = 0; y < height; y++)
        {
            var rowTaps = rows[y];
            for (var x = 0; x < width; x++)
            {
                var columnTaps = columns[x];
                sum.Clear();
                foreach (var (row, wy) in rowTaps)
                {
                    var rowStart = row * photo.Width;
                    foreach (var (column, wx) in columnTaps)
                    {
                        var w = wy * wx;
                        var i = (rowStart + column) * 3;
                        sum[0] += w * source[i];
                        sum[1] += w * source[i + 1];
                        sum[2] += w * source[i + 2];
                    }
                }
                var o = (y * width + x) * 3;
                for (var c = 0; c < 3; c++) target[o + c] = (byte)Math.Clamp((int)Math.Floor(sum[c] + 0.5), 0, 255);
            }
        }
    }

    private static (int Index, double Weight)[][] Taps(double offset, double scale, int count, int photoSize)
    {
        var k = Math.Max(1, (int)Math.Round(scale));
        var taps = new (int, double)[count][];
        for (var i = 0; i < count; i++)
        {
            var list = new (int, double)[2 * k];
            for (var q = 0; q < k; q++)
            {
                // Photo index coordinate of the sample: pixel centres sit at index + ½.
                var u = Math.Clamp(offset + scale * (i + (q + 0.5) / k) - 0.5, 0, photoSize - 1);
                var i0 = (int)Math.Floor(u);
                var i1 = Math.Min(i0 + 1, photoSize - 1);
                var f = u - i0;
                list[2 * q] = (i0, (1 - f) / k);
                list[2 * q + 1] = (i1, f / k);
            }
            taps[i] = list;
        }
        return taps;
    }
}
