using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>The opencv-doc sample photos the quality tests film.</summary>
public static class QualityPhotos
{
    public const string Folder = "/usr/share/doc/opencv-doc/examples/data";

    public static RgbFrame Read(string name) => ImageFile.Read(Path.Combine(Folder, name));

    /// <summary>
    /// <paramref name="name"/> shrunk by a whole <paramref name="factor"/> (box average), so that a small frame at
    /// scale 1 shows a whole object rather than a featureless patch of it.
    /// </summary>
    public static RgbFrame Downscaled(string name, int factor)
    {
        var photo = Read(name);
        var (width, height) = (photo.Width / factor, photo.Height / factor);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var j = 0; j < factor; j++)
                    {
                        for (var i = 0; i < factor; i++) sum += photo[x * factor + i, y * factor + j, c];
                    }
                    pixels[(y * width + x) * 3 + c] = (byte)((sum + factor * factor / 2) / (factor * factor));
                }
            }
        }
        return new RgbFrame(width, height, pixels);
    }
}
