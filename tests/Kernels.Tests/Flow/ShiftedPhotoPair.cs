using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Tests.Flow;

/// <summary>
/// Two frames cut from one photo with a known translation between them, and its exact flow.
/// Both windows are box-downscaled by the same factor, so a shift of whole source pixels becomes a
/// sub-pixel shift of the frames (shift / scale) while both frames get exactly the same filtering.
/// </summary>
internal sealed record ShiftedPhotoPair(RgbFrame From, RgbFrame To, FlowField Truth)
{
    /// <summary>
    /// Frames of <paramref name="width"/>×<paramref name="height"/> from windows of <paramref name="photo"/>
    /// <paramref name="scale"/> times larger; the content of the second frame is moved by
    /// (<paramref name="shiftX"/>, <paramref name="shiftY"/>) source pixels, i.e. by shift/scale frame pixels.
    /// </summary>
    public static ShiftedPhotoPair Cut(RgbFrame photo, int width, int height, int scale, int shiftX, int shiftY)
    {
        var spanX = width * scale;
        var spanY = height * scale;
        if (Math.Abs(shiftX) > photo.Width - spanX || Math.Abs(shiftY) > photo.Height - spanY)
            throw new ArgumentException($"a {photo.Width}x{photo.Height} photo has no room for two {spanX}x{spanY} windows {shiftX},{shiftY} apart");
        // Centred windows; the second starts shift pixels up-left, so its content sits shift pixels down-right.
        var originX = (photo.Width - spanX + shiftX) / 2;
        var originY = (photo.Height - spanY + shiftY) / 2;
        var from = Downscale(photo, originX, originY, width, height, scale);
        var to = Downscale(photo, originX - shiftX, originY - shiftY, width, height, scale);
        // The convention: pixel x of the first frame is at x + (shift / scale) in the second.
        var truth = FlowField.Uniform(width, height, (float)shiftX / scale, (float)shiftY / scale);
        return new ShiftedPhotoPair(from, to, truth);
    }

    private static RgbFrame Downscale(RgbFrame photo, int left, int top, int width, int height, int scale)
    {
        var frame = new RgbFrame(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < scale; dy++)
                    {
                        for (var dx = 0; dx < scale; dx++) sum += photo[left + x * scale + dx, top + y * scale + dy, c];
                    }
                    frame.Pixels[(y * width + x) * 3 + c] = (byte)((sum + scale * scale / 2) / (scale * scale));
                }
            }
        }
        return frame;
    }
}
