using System.Diagnostics;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Video;

/// <summary>Reads still images (PNG, JPEG, …) into RGB frames by decoding them with ffmpeg.</summary>
public static class ImageFile
{
    /// <summary>Decodes the image at <paramref name="path"/> to 8-bit RGB.</summary>
    public static RgbFrame Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"image not found: {path}", path);
        var (width, height) = ProbeSize(path);
        var pixels = Run("ffmpeg", ["-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], path);
        return new RgbFrame(width, height, pixels);
    }

    private static (int Width, int Height) ProbeSize(string path)
    {
        var text = System.Text.Encoding.UTF8.GetString(Run("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], path)).Trim();
        var parts = text.Split(',');
        if (parts.Length < 2 || !int.TryParse(parts[0], out var w) || !int.TryParse(parts[1], out var h))
            throw new InvalidDataException($"{path} is not an image ffmpeg can read (ffprobe said: '{text}')");
        return (w, h);
    }

    private static byte[] Run(string program, string[] args, string path)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidDataException($"{program} could not read {path}: {stderr.Result.Trim()}");
        return output.ToArray();
    }
}
