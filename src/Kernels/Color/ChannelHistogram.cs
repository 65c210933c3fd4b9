using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Color;

/// <summary>
/// Pixel counts of one 8-bit channel in 256 bins, accumulated frame by frame so that the histogram
/// of a whole shot is built without holding its frames in memory.
/// </summary>
public sealed class ChannelHistogram
{
    /// <summary>Number of bins: one per 8-bit level.</summary>
    public const int Levels = 256;

    private readonly long[] _counts = new long[Levels];

    /// <summary>Pixels counted so far.</summary>
    public long Total { get; private set; }

    /// <summary>Pixels counted at <paramref name="level"/> (0–255).</summary>
    public long this[int level]
    {
        get
        {
            CheckLevel(level);
            return _counts[level];
        }
    }

    /// <summary>The histogram of channel <paramref name="channel"/> (0 R, 1 G, 2 B) of one frame.</summary>
    public static ChannelHistogram Of(RgbFrame frame, int channel)
    {
        var histogram = new ChannelHistogram();
        histogram.Add(frame, channel);
        return histogram;
    }

    /// <summary>Counts channel <paramref name="channel"/> (0 R, 1 G, 2 B) of every pixel of <paramref name="frame"/>.</summary>
    public void Add(RgbFrame frame, int channel)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (channel is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "an RGB channel is 0 (R), 1 (G) or 2 (B)");
        var pixels = frame.Pixels;
        for (var i = channel; i < pixels.Length; i += 3) _counts[pixels[i]]++;
        Total += (long)frame.Width * frame.Height;
    }

    /// <summary>Counts <paramref name="count"/> more pixels at <paramref name="level"/>.</summary>
    public void Add(byte level, long count = 1)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "a pixel count cannot be negative");
        _counts[level] += count;
        Total += count;
    }

    /// <summary>
    /// The cumulative counts: entry l is the number of pixels at levels 0..l, so the last entry is
    /// <see cref="Total"/>. Dividing by <see cref="Total"/> gives the channel's CDF.
    /// </summary>
    public long[] CumulativeCounts()
    {
        var cumulative = new long[Levels];
        long sum = 0;
        for (var level = 0; level < Levels; level++)
        {
            sum += _counts[level];
            cumulative[level] = sum;
        }
        return cumulative;
    }

    /// <summary>The mean level of the counted pixels; NaN when nothing has been counted.</summary>
    public double Mean()
    {
        if (Total == 0) return double.NaN;
        double sum = 0;
        for (var level = 0; level < Levels; level++) sum += (double)level * _counts[level];
        return sum / Total;
    }

    private static void CheckLevel(int level)
    {
        if (level is < 0 or >= Levels)
            throw new ArgumentOutOfRangeException(nameof(level), level, "an 8-bit level is 0–255");
    }
}
