using System.Collections.Concurrent;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Color;

/// <summary>The opencv-doc sample photos, decoded once per test class and box-downscaled to test size.</summary>
public sealed class ColorPhotos
{
    private const string Folder = "/usr/share/doc/opencv-doc/examples/data";

    private readonly ConcurrentDictionary<(string, int), Lazy<RgbFrame>> _photos = new();

    /// <summary>The style image: starry_night.jpg (752×600) downscaled by 6 to 125×100.</summary>
    public RgbFrame Style => Get("starry_night.jpg", 6);

    /// <summary>The whole photo <paramref name="name"/>, box-downscaled by <paramref name="scale"/>.</summary>
    public RgbFrame Get(string name, int scale) =>
        _photos.GetOrAdd((name, scale), key => new Lazy<RgbFrame>(() =>
        {
            var photo = ImageFile.Read(Path.Combine(Folder, key.Item1));
            return Window(photo, 0, 0, photo.Width / key.Item2, photo.Height / key.Item2, key.Item2);
        })).Value;

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> frame averaging scale×scale blocks from (left, top).</summary>
    public static RgbFrame Window(RgbFrame photo, int left, int top, int width, int height, int scale)
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

    /// <summary>A camera pan: <paramref name="count"/> width×height windows of <paramref name="photo"/>, each <paramref name="step"/> pixels right of the last.</summary>
    public static List<RgbFrame> Pan(RgbFrame photo, int count, int width, int height, int step)
    {
        var frames = new List<RgbFrame>();
        for (var i = 0; i < count; i++) frames.Add(Window(photo, i * step, 0, width, height, 1));
        return frames;
    }

    /// <summary>Every channel multiplied by <paramref name="factor"/>, rounded to nearest.</summary>
    public static RgbFrame Scaled(RgbFrame frame, double factor)
    {
        var pixels = new byte[frame.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)Math.Min(255, Math.Round(frame.Pixels[i] * factor));
        return new RgbFrame(frame.Width, frame.Height, pixels);
    }

    /// <summary>Mean over all pixels and channels.</summary>
    public static double Mean(RgbFrame frame)
    {
        long sum = 0;
        foreach (var b in frame.Pixels) sum += b;
        return (double)sum / frame.Pixels.Length;
    }
}
