using System.Buffers.Binary;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Video;

/// <summary>The raw pixel layout of frames piped to and from ffmpeg.</summary>
internal enum PipeFormat
{
    /// <summary>8 bits per sample, interleaved RGB (ffmpeg's rgb24); the layout of <see cref="RgbFrame"/>.</summary>
    Rgb24,

    /// <summary>16 bits per sample, little-endian interleaved RGB (ffmpeg's rgb48le).</summary>
    Rgb48,
}

/// <summary>Converts frames to and from the bytes of a <see cref="PipeFormat"/>.</summary>
internal static class PipeFormats
{
    public static string FfmpegName(this PipeFormat format) => format == PipeFormat.Rgb24 ? "rgb24" : "rgb48le";

    public static int FrameBytes(this PipeFormat format, int width, int height) =>
        checked(width * height * 3 * (format == PipeFormat.Rgb24 ? 1 : 2));

    public static byte[] Encode(this PipeFormat format, RgbFrame frame)
    {
        if (format == PipeFormat.Rgb24) return frame.Pixels;
        var bytes = new byte[frame.Pixels.Length * 2];
        // 255·257 = 65535: widening by 257 maps the 8-bit range exactly onto the 16-bit one.
        for (var i = 0; i < frame.Pixels.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)(frame.Pixels[i] * 257));
        return bytes;
    }

    public static byte[] Encode(this PipeFormat format, RgbFloatFrame frame)
    {
        if (format == PipeFormat.Rgb24) return frame.ToRgbFrame().Pixels;
        var bytes = new byte[frame.Pixels.Length * 2];
        for (var i = 0; i < frame.Pixels.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2),
                (ushort)Math.Round(RgbFloatFrame.Unit(frame.Pixels[i]) * 65535f));
        return bytes;
    }

    public static RgbFloatFrame DecodeRgb48(byte[] bytes, int width, int height)
    {
        var samples = new float[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)) / 65535f;
        return new RgbFloatFrame(width, height, samples);
    }
}
