using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>Small inputs for the executor tests: a camera pan over a photo, the style painting, broken files.</summary>
public static class ExecutionMedia
{
    public const int Width = 64;
    public const int Height = 48;
    public const string DataFolder = "/usr/share/doc/opencv-doc/examples/data";
    public static readonly string StyleImage = Path.Combine(DataFolder, "starry_night.jpg");

    /// <summary>Pan speed in frame pixels per frame: the window moves 6 and 2 photo pixels a frame at zoom 4.</summary>
    public const double PanX = -1.5, PanY = -0.5;

    /// <summary>
    /// Writes <paramref name="frames"/> frames (64×48, 25 fps) of a smooth pan over fruits.jpg to a lossless
    /// FFV1 .mkv at <paramref name="path"/>, with a sine tone as audio (<paramref name="audio"/>: "aac", "pcm_s16le"; null for none).
    /// </summary>
    public static async Task<string> PanAsync(string path, int frames, string? audio = null)
    {
        var photo = ImageFile.Read(Path.Combine(DataFolder, "fruits.jpg"));
        var pan = SyntheticSequences.Pan(photo, Width, Height, frames, -PanX * 4, -PanY * 4, scale: 4);
        string? tone = null;
        if (audio is not null)
        {
            tone = Path.Combine(Path.GetDirectoryName(path)!, "tone.mkv");
            await MediaProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", audio, tone],
                tone, "could not make the test tone");
        }
        await using var writer = new VideoWriter(path, new VideoWriterOptions { Format = OutputFormat.Ffv1, FrameRate = new FrameRate(25), AudioSource = tone });
        for (var t = 0; t < frames; t++) await writer.WriteAsync(pan.Frame(t));
        await writer.CompleteAsync();
        return path;
    }

    /// <summary>A file named like a video that holds random bytes.</summary>
    public static string Garbage(string path)
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
