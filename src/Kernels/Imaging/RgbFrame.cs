namespace StyleFarm.Kernels.Imaging;

/// <summary>
/// One 8-bit RGB image in host memory, rows top to bottom, pixels interleaved R,G,B
/// (the layout ffmpeg's rgb24 pipes use). Pixel (x, y) channel c is at (y·Width + x)·3 + c.
/// </summary>
public sealed class RgbFrame
{
    public RgbFrame(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"frame size {width}x{height} must be positive");
        if (pixels.Length != checked(width * height * 3))
            throw new ArgumentException(
                $"a {width}x{height} RGB frame needs {width * height * 3} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A black frame of the given size.</summary>
    public RgbFrame(int width, int height) : this(width, height, new byte[checked(width * height * 3)]) { }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Interleaved RGB bytes, Width·Height·3 of them.</summary>
    public byte[] Pixels { get; }

    public byte this[int x, int y, int channel] => Pixels[(y * Width + x) * 3 + channel];
}
