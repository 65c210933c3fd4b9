using System.Buffers.Binary;
using System.Globalization;
using StyleFarm.Kernels.Imaging;
using FFMpegCore;
using StyleFarm.Kernels.IO;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// Reads still images (PNG, JPEG, …, 8 or 16 bits) into frames and writes frames as PNG, through
/// ffmpeg. Writes are atomic: a temporary file in the same folder, renamed when complete.
/// </summary>
public static class ImageFile
{
    /// <summary>Decodes the image at <paramref name="path"/> to 8-bit RGB.</summary>
    /// <exception cref="FileNotFoundException">the file is missing</exception>
    /// <exception cref="MediaException">ffmpeg cannot decode it (not an image, corrupt, unsupported)</exception>
    public static RgbFrame Read(string path)
    {
        var (width, height, bytes) = Decode(path, sixteenBits: false);
        return new RgbFrame(width, height, bytes);
    }

    /// <summary>Decodes the image at <paramref name="path"/> at 16 bits per sample, scaled to [0, 1].</summary>
    /// <inheritdoc cref="Read" path="/exception"/>
    public static RgbFloatFrame ReadFloat(string path)
    {
        var (width, height, bytes) = Decode(path, sixteenBits: true);
        // ffmpeg's PPM stores 16-bit samples big-endian; our frames hold v/65535.
        var samples = new float[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i * 2)) / 65535f;
        return new RgbFloatFrame(width, height, samples);
    }

    /// <summary>Writes <paramref name="frame"/> as an 8-bit RGB PNG at <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="ArgumentException">the path does not end in .png</exception>
    /// <exception cref="MediaException">ffmpeg failed; nothing is left under <paramref name="path"/></exception>
    public static void Write(string path, RgbFrame frame) =>
        Encode(path, frame.Width, frame.Height, PipeFormat.Rgb24.Encode(frame), PipeFormat.Rgb24, "rgb24");

    /// <summary>
    /// Writes <paramref name="frame"/> as a 16-bit RGB PNG (samples clamped to [0, 1], kept at 1/65535
    /// precision) at <paramref name="path"/>, replacing any file there.
    /// </summary>
    /// <inheritdoc cref="Write(string, RgbFrame)" path="/exception"/>
    public static void Write(string path, RgbFloatFrame frame) =>
        Encode(path, frame.Width, frame.Height, PipeFormat.Rgb48.Encode(frame), PipeFormat.Rgb48, "rgb48be");

    private static (int Width, int Height, byte[] Samples) Decode(string path, bool sixteenBits)
    {
        var input = MediaInput.SingleFile(path);
        // PPM carries the size in its header, so one ffmpeg run both measures and decodes the image. Read from ffmpeg's
        // stdout, not FFMpegCore's output pipe, which loses everything when ffmpeg exits before the pipe is accepted.
        var ppm = MediaProcess.RunAsync("ffmpeg",
            ["-nostdin", "-v", "error", .. input.Arguments, "-map", "0:v:0", "-frames:v", "1", "-f", "image2pipe", "-c:v", "ppm",
             "-pix_fmt", sixteenBits ? "rgb48be" : "rgb24", "pipe:1"],
            input.Path, $"could not read the image {input.Path}").GetAwaiter().GetResult();
        return ParsePpm(ppm, input.Path, sixteenBits ? 2 : 1);
    }

    private static void Encode(string path, int width, int height, byte[] pixels, PipeFormat pipe, string pngFormat)
    {
        if (!string.Equals(System.IO.Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"ImageFile.Write writes PNG; {path} must end in .png", nameof(path));
        using var partial = new PartialFile(path);
        var source = new RawFramePipeSource(pipe, width, height, new FrameRate(1, 1));
        source.Frames.TryWrite(pixels);
        source.Frames.TryComplete();
        var command = FFMpegArguments.FromPipeInput(source).OutputToFile(partial.TempPath, overwrite: true,
            o => o.WithCustomArgument($"-frames:v 1 -c:v png -pix_fmt {pngFormat} -f image2 -update 1"));
        FfmpegRun.RunAsync(command, path, $"could not write the image {path}").GetAwaiter().GetResult();
        partial.Commit();
    }

    private static (int Width, int Height, byte[] Samples) ParsePpm(byte[] ppm, string path, int bytesPerSample)
    {
        var position = 0;
        string Token()
        {
            while (position < ppm.Length && char.IsWhiteSpace((char)ppm[position])) position++;
            var begin = position;
            while (position < ppm.Length && !char.IsWhiteSpace((char)ppm[position])) position++;
            return System.Text.Encoding.ASCII.GetString(ppm, begin, position - begin);
        }
        var magic = Token();
        var widthOk = int.TryParse(Token(), NumberStyles.None, CultureInfo.InvariantCulture, out var width);
        var heightOk = int.TryParse(Token(), NumberStyles.None, CultureInfo.InvariantCulture, out var height);
        Token();
        position++; // the single whitespace byte that ends the header
        var size = (long)width * height * 3 * bytesPerSample;
        if (magic != "P6" || !widthOk || !heightOk || width <= 0 || height <= 0 || ppm.Length - position != size)
            throw new MediaException($"ffmpeg decoded no complete image from {path}; it is not an image or it is corrupt", path, "ffmpeg");
        return (width, height, ppm[position..]);
    }
}
