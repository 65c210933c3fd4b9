using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

/// <summary>Demo files, synthetic frames that carry their index, and comparisons for the video tests.</summary>
public static class TestMedia
{
    public const string DataFolder = "/usr/share/doc/opencv-doc/examples/data";
    public static readonly string Vtest = Path.Combine(DataFolder, "vtest.avi");
    public static readonly string Megamind = Path.Combine(DataFolder, "Megamind.avi");

    /// <summary>
    /// A frame whose every sample depends on its index <paramref name="n"/> and position, so that any
    /// two frames differ and a swapped or shifted frame is caught byte for byte.
    /// </summary>
    public static RgbFrame IndexedFrame(int n, int width = 64, int height = 48)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            pixels[i] = (byte)(n * 9 + x * 3);
            pixels[i + 1] = (byte)(n * 5 + y * 4);
            pixels[i + 2] = (byte)(x * y + n * 17);
        }
        return new RgbFrame(width, height, pixels);
    }

    /// <summary>
    /// A flat grey frame at level 16 + 7n: survives lossy coding well enough that
    /// <see cref="FlatIndex"/> recovers n.
    /// </summary>
    public static RgbFrame FlatFrame(int n, int width = 64, int height = 48)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)(16 + 7 * n));
        return new RgbFrame(width, height, pixels);
    }

    /// <summary>The index a decoded <see cref="FlatFrame"/> was made from.</summary>
    public static int FlatIndex(RgbFrame frame) => (int)Math.Round((frame.Pixels.Average(b => (double)b) - 16) / 7);

    /// <summary>Peak signal-to-noise ratio of <paramref name="b"/> against <paramref name="a"/>, in dB.</summary>
    public static double Psnr(RgbFrame a, RgbFrame b)
    {
        var squared = 0.0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            var d = a.Pixels[i] - b.Pixels[i];
            squared += d * d;
        }
        var mse = squared / a.Pixels.Length;
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> frames)
    {
        var list = new List<T>();
        await foreach (var frame in frames) list.Add(frame);
        return list;
    }

    /// <summary>Writes <paramref name="frames"/> to <paramref name="path"/> and completes the writer.</summary>
    public static async Task WriteAsync(string path, VideoWriterOptions options, IEnumerable<RgbFrame> frames)
    {
        await using var writer = new VideoWriter(path, options);
        foreach (var frame in frames) await writer.WriteAsync(frame);
        await writer.CompleteAsync();
    }

    /// <summary>Runs ffmpeg with the given arguments (to make source media a test needs), failing on error.</summary>
    public static Task FfmpegAsync(params string[] arguments) =>
        MediaProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. arguments], "test media", "test media generation failed");
}
