namespace StyleFarm.Bench.Throughput;

/// <summary>Order statistics of a sample.</summary>
internal static class Percentile
{
    /// <summary>The <paramref name="p"/>-th percentile (0–100) by linear interpolation between the closest ranks; NaN for no values.</summary>
    public static double Of(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>The median.</summary>
    public static double Median(IReadOnlyList<double> values) => Of(values, 50);
}
