using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Color;

/// <summary>
/// Exact per-channel histogram matching: a 256-entry lookup table per channel that maps levels of
/// a source image (or shot) so that its histogram becomes the target's, up to 8-bit discretisation.
/// </summary>
/// <remarks>
/// Rule: source level s maps to the smallest target level t whose CDF reaches s's CDF,
/// F_target(t) ≥ F_source(s). Ties go to the lower level: where F_target(t) equals F_source(s)
/// exactly, t itself is taken, so levels the target lacks (flat CDF) are never chosen for levels the
/// source has. The CDFs are compared as exact integer cross-products, with no rounding.
/// Consequences: the table is non-decreasing; matching an image to itself maps every level it
/// contains to itself; and after matching, the result's CDF at every level t is the largest source
/// CDF value not above F_target(t), so it falls short of the target's by less than one source bin.
/// Levels absent from the source do not affect the result; they map where the populated level
/// below them maps (or to 0, below the first populated level).
/// </remarks>
public sealed class HistogramMatcher
{
    private readonly byte[][] _tables;

    /// <summary>Builds the tables that take <paramref name="source"/>'s histogram to <paramref name="target"/>'s.</summary>
    public HistogramMatcher(RgbHistogram source, RgbHistogram target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        _tables = [ChannelTable(source[0], target[0]), ChannelTable(source[1], target[1]), ChannelTable(source[2], target[2])];
    }

    /// <summary>The lookup table of channel <paramref name="channel"/> (0 R, 1 G, 2 B): entry s is the level s becomes.</summary>
    public ReadOnlySpan<byte> Table(int channel) =>
        channel is >= 0 and <= 2
            ? _tables[channel]
            : throw new ArgumentOutOfRangeException(nameof(channel), channel, "an RGB channel is 0 (R), 1 (G) or 2 (B)");

    /// <summary>A new frame: <paramref name="frame"/> with every channel mapped through its table.</summary>
    public RgbFrame Apply(RgbFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var input = frame.Pixels;
        var output = new byte[input.Length];
        var (red, green, blue) = (_tables[0], _tables[1], _tables[2]);
        for (var i = 0; i < input.Length; i += 3)
        {
            output[i] = red[input[i]];
            output[i + 1] = green[input[i + 1]];
            output[i + 2] = blue[input[i + 2]];
        }
        return new RgbFrame(frame.Width, frame.Height, output);
    }

    /// <summary>
    /// The lookup table of one channel: entry s is the smallest level t with
    /// F_target(t) ≥ F_source(s) (see the class remarks for the tie rule).
    /// </summary>
    public static byte[] ChannelTable(ChannelHistogram source, ChannelHistogram target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Total == 0) throw new ArgumentException("the source histogram is empty: count at least one pixel before matching", nameof(source));
        if (target.Total == 0) throw new ArgumentException("the target histogram is empty: count at least one pixel before matching", nameof(target));
        var sourceCdf = source.CumulativeCounts();
        var targetCdf = target.CumulativeCounts();
        // Int128: a long shot's pixel count times a style's can exceed a long.
        Int128 sourceTotal = source.Total, targetTotal = target.Total;
        var table = new byte[ChannelHistogram.Levels];
        var t = 0;
        for (var s = 0; s < ChannelHistogram.Levels; s++)
        {
            // F_t(t) ≥ F_s(s)  ⇔  C_t(t)·N_s ≥ C_s(s)·N_t; F_s only grows with s, so t never moves back.
            while (targetCdf[t] * sourceTotal < sourceCdf[s] * targetTotal) t++;
            table[s] = (byte)t;
        }
        return table;
    }
}
