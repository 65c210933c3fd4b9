namespace StyleFarm.Kernels.Imaging;

/// <summary>
/// One RGB image in host memory with float32 samples, nominally in [0, 1]; rows top to bottom,
/// pixels interleaved R,G,B like <see cref="RgbFrame"/>. Carries 16-bit images (PNG rgb48) without
/// loss: a 16-bit sample v is stored as v/65535.
/// </summary>
public sealed class RgbFloatFrame
{
    public RgbFloatFrame(int width, int height, float[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"frame size {width}x{height} must be positive");
        if (pixels.Length != checked(width * height * 3))
            throw new ArgumentException(
                $"a {width}x{height} RGB frame needs {width * height * 3} samples, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A black frame of the given size.</summary>
    public RgbFloatFrame(int width, int height) : this(width, height, new float[checked(width * height * 3)]) { }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Interleaved RGB samples, Width·Height·3 of them.</summary>
    public float[] Pixels { get; }

    public float this[int x, int y, int channel] => Pixels[(y * Width + x) * 3 + channel];

    /// <summary>The 8-bit frame scaled to [0, 1] (sample v becomes v/255).</summary>
    public static RgbFloatFrame FromRgbFrame(RgbFrame frame)
    {
        var pixels = new float[frame.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = frame.Pixels[i] / 255f;
        return new RgbFloatFrame(frame.Width, frame.Height, pixels);
    }

    /// <summary>This frame quantized to 8 bits: clamped to [0, 1] (NaN as 0), scaled by 255 and rounded.</summary>
    public RgbFrame ToRgbFrame()
    {
        var bytes = new byte[Pixels.Length];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Round(Unit(Pixels[i]) * 255f);
        return new RgbFrame(Width, Height, bytes);
    }

    /// <summary>A sample clamped to [0, 1], with NaN read as 0 so that quantizing it is defined.</summary>
    public static float Unit(float sample) => float.IsNaN(sample) ? 0f : Math.Clamp(sample, 0f, 1f);
}
