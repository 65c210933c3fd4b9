using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Shots;

/// <summary>OpenCV's sample photos (Debian opencv-doc), decoded once per test class, and pans over them.</summary>
public sealed class SamplePhotos
{
    public const string Folder = "/usr/share/doc/opencv-doc/examples/data/";
    public const int Width = 96, Height = 72;

    private readonly Dictionary<string, RgbFrame> _photos = new();

    public RgbFrame this[string name]
    {
        get
        {
            lock (_photos)
            {
                if (!_photos.TryGetValue(name, out var photo)) _photos[name] = photo = ImageFile.Read(Folder + name);
                return photo;
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> 96×72 windows of <paramref name="photo"/> panning 3 px right and 1 px down
    /// per frame from <paramref name="step"/> steps past its start near the photo's centre, each frame's
    /// brightness scaled by <paramref name="gain"/>(frame number within the pan).
    /// </summary>
    public IEnumerable<RgbFrame> Pan(string photo, int count, int step = 0, Func<int, double>? gain = null)
    {
        var source = this[photo];
        int x0 = source.Width / 2 - 80, y0 = source.Height / 2 - 50;
        for (var i = 0; i < count; i++)
            yield return Crop(source, x0 + 3 * (step + i), y0 + step + i, gain?.Invoke(i) ?? 1.0);
    }

    public static RgbFrame Crop(RgbFrame source, int left, int top, double gain)
    {
        var pixels = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                for (var c = 0; c < 3; c++)
                    pixels[(y * Width + x) * 3 + c] = (byte)Math.Clamp(Math.Round(source[left + x, top + y, c] * gain), 0, 255);
        return new RgbFrame(Width, Height, pixels);
    }
}
