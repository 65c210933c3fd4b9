using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Color;

/// <summary>
/// The three channel histograms of an RGB image or of many frames counted together (a shot viewed
/// as one image). Frames are added one at a time and not kept.
/// </summary>
public sealed class RgbHistogram
{
    private readonly ChannelHistogram[] _channels = [new(), new(), new()];

    /// <summary>Channel <paramref name="channel"/>'s histogram (0 R, 1 G, 2 B).</summary>
    public ChannelHistogram this[int channel] =>
        channel is >= 0 and <= 2
            ? _channels[channel]
            : throw new ArgumentOutOfRangeException(nameof(channel), channel, "an RGB channel is 0 (R), 1 (G) or 2 (B)");

    /// <summary>Pixels counted so far (the same in every channel).</summary>
    public long Total => _channels[0].Total;

    /// <summary>The histogram of one frame.</summary>
    public static RgbHistogram Of(RgbFrame frame)
    {
        var histogram = new RgbHistogram();
        histogram.Add(frame);
        return histogram;
    }

    /// <summary>Counts every pixel of <paramref name="frame"/> in all three channels.</summary>
    public void Add(RgbFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        for (var c = 0; c < 3; c++) _channels[c].Add(frame, c);
    }

    /// <summary>The mean over pixels and channels: a brightness measure, NaN when empty.</summary>
    public double MeanLevel() => (_channels[0].Mean() + _channels[1].Mean() + _channels[2].Mean()) / 3;
}
