using System.Globalization;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// A frame rate as the exact rational ffmpeg uses (30000/1001 for NTSC, not 29.97), reduced to
/// lowest terms.
/// </summary>
public readonly record struct FrameRate
{
    /// <param name="numerator">frames</param>
    /// <param name="denominator">seconds</param>
    public FrameRate(long numerator, long denominator = 1)
    {
        if (numerator <= 0 || denominator <= 0)
            throw new ArgumentOutOfRangeException(nameof(numerator),
                $"a frame rate needs a positive numerator and denominator, got {numerator}/{denominator}");
        var gcd = (long)System.Numerics.BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / gcd;
        Denominator = denominator / gcd;
    }

    public long Numerator { get; }
    public long Denominator { get; }

    /// <summary>Frames per second as a floating-point number (for display and arithmetic, not for ffmpeg).</summary>
    public double FramesPerSecond => (double)Numerator / Denominator;

    /// <summary>How long <paramref name="frames"/> frames last at this rate.</summary>
    public TimeSpan DurationOf(long frames) =>
        TimeSpan.FromTicks((long)Math.Round((decimal)frames * Denominator * TimeSpan.TicksPerSecond / Numerator));

    /// <summary>Parses ffmpeg's "num/den" (or a plain integer); returns null for "0/0" and other unset rates.</summary>
    public static FrameRate? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split('/');
        if (parts.Length > 2
            || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var numerator))
            return null;
        long denominator = 1;
        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out denominator))
            return null;
        return numerator > 0 && denominator > 0 ? new FrameRate(numerator, denominator) : null;
    }

    /// <summary>"num/den", the form ffmpeg's -framerate and -r accept.</summary>
    public override string ToString() => $"{Numerator}/{Denominator}";
}
