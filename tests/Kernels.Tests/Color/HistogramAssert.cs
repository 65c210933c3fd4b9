using StyleFarm.Kernels.Color;

namespace StyleFarm.Kernels.Tests.Color;

/// <summary>Exact checks of a matching result against the CDFs it was matched between.</summary>
internal static class HistogramAssert
{
    /// <summary>
    /// Asserts that <paramref name="output"/> (the source after matching) has, at every level t,
    /// exactly the cumulative count max{C_s(s) : F_s(s) ≤ F_t(t)} (or 0): the best 8-bit mapping can
    /// only move whole source bins, so this is the target's CDF up to discretisation. Compared as
    /// integer cross-products, without rounding.
    /// </summary>
    public static void MatchedExactly(ChannelHistogram source, ChannelHistogram target, ChannelHistogram output)
    {
        Assert.Equal(source.Total, output.Total);
        var cs = source.CumulativeCounts();
        var ct = target.CumulativeCounts();
        var co = output.CumulativeCounts();
        for (var t = 0; t < ChannelHistogram.Levels; t++)
        {
            long expected = 0;
            foreach (var c in cs)
            {
                if ((Int128)c * target.Total <= (Int128)ct[t] * source.Total) expected = Math.Max(expected, c);
            }
            Assert.True(expected == co[t], $"level {t}: output cumulative count {co[t]}, expected {expected}");
        }
    }

    /// <summary>The largest gap between the two CDFs over all levels.</summary>
    public static double MaxCdfGap(ChannelHistogram a, ChannelHistogram b)
    {
        var ca = a.CumulativeCounts();
        var cb = b.CumulativeCounts();
        var gap = 0.0;
        for (var l = 0; l < ChannelHistogram.Levels; l++) gap = Math.Max(gap, Math.Abs((double)ca[l] / a.Total - (double)cb[l] / b.Total));
        return gap;
    }

    /// <summary>The largest fraction of pixels that any single level holds.</summary>
    public static double MaxBinFraction(ChannelHistogram h)
    {
        long max = 0;
        for (var l = 0; l < ChannelHistogram.Levels; l++) max = Math.Max(max, h[l]);
        return (double)max / h.Total;
    }
}
