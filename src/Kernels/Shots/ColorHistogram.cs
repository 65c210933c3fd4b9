using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Shots;

/// <summary>
/// A frame's normalised joint hue × saturation × value histogram (bins sum to 1), for telling shots
/// apart. HSV rather than RGB because hue and saturation do not change when the scene's brightness is
/// scaled; value is taken relative to the frame's mean, and near-grey pixels share one hue bin, so a
/// fade or flash moves little mass between bins while a cut moves most of it.
/// </summary>
public sealed class ColorHistogram
{
    private readonly double[] _bins;

    private ColorHistogram(double[] bins) => _bins = bins;

    /// <summary>Bin weights, hue-major then saturation then value; they sum to 1.</summary>
    public IReadOnlyList<double> Bins => _bins;

    /// <summary>The histogram of <paramref name="frame"/>.</summary>
    public static ColorHistogram Of(RgbFrame frame, ColorHistogramOptions options)
    {
        if (options.GreySaturation is < 0 or > 1)
            throw new ArgumentException($"grey saturation {options.GreySaturation} must lie in 0–1", nameof(options));
        if (options.HueBins < 1 || options.SaturationBins < 1 || options.ValueBins < 1 || options.SampleStep < 1)
            throw new ArgumentException($"histogram bins ({options.HueBins}×{options.SaturationBins}×{options.ValueBins}) and sample step ({options.SampleStep}) must be at least 1", nameof(options));
        var bins = new double[options.HueBins * options.SaturationBins * options.ValueBins];
        var pixels = frame.Pixels;
        var valueScale = options.NormalizeBrightness ? 0.5 / Math.Max(MeanValue(frame, options.SampleStep), 1.0) : 1.0 / 255;
        long counted = 0;
        for (var y = 0; y < frame.Height; y += options.SampleStep)
        {
            for (var x = 0; x < frame.Width; x += options.SampleStep)
            {
                var i = (y * frame.Width + x) * 3;
                bins[BinOf(pixels[i], pixels[i + 1], pixels[i + 2], valueScale, options)]++;
                counted++;
            }
        }
        for (var b = 0; b < bins.Length; b++) bins[b] /= counted;
        return new ColorHistogram(bins);
    }

    /// <summary>
    /// Symmetric chi-square distance ½·Σ (p − q)² / (p + q), over bins where p + q &gt; 0: 0 for equal
    /// histograms, 1 for histograms with no bin in common. Chosen over Bhattacharyya because it is
    /// quadratic in small differences, so the small drift of a pan or fade stays far below a cut.
    /// </summary>
    public double ChiSquareDistance(ColorHistogram other)
    {
        if (other._bins.Length != _bins.Length)
            throw new ArgumentException($"histograms of {_bins.Length} and {other._bins.Length} bins cannot be compared; build both with the same options", nameof(other));
        double sum = 0;
        for (var b = 0; b < _bins.Length; b++)
        {
            var total = _bins[b] + other._bins[b];
            if (total > 0)
            {
                var difference = _bins[b] - other._bins[b];
                sum += difference * difference / total;
            }
        }
        return 0.5 * sum;
    }

    /// <summary>Mean of max(R, G, B) over the sampled pixels, 0–255.</summary>
    private static double MeanValue(RgbFrame frame, int step)
    {
        var pixels = frame.Pixels;
        long sum = 0, count = 0;
        for (var y = 0; y < frame.Height; y += step)
        {
            for (var x = 0; x < frame.Width; x += step)
            {
                var i = (y * frame.Width + x) * 3;
                sum += Math.Max(pixels[i], Math.Max(pixels[i + 1], pixels[i + 2]));
                count++;
            }
        }
        return (double)sum / count;
    }

    private static int BinOf(byte r, byte g, byte b, double valueScale, ColorHistogramOptions options)
    {
        int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        var chroma = max - min;
        double hue; // in [0, 6)
        if (chroma == 0) hue = 0;
        else if (max == r) hue = (double)(g - b) / chroma + (g < b ? 6 : 0);
        else if (max == g) hue = (double)(b - r) / chroma + 2;
        else hue = (double)(r - g) / chroma + 4;
        var saturation = max == 0 ? 0 : (double)chroma / max;
        var value = max * valueScale;
        var h = Math.Min((int)(hue / 6 * options.HueBins), options.HueBins - 1);
        var s = Math.Min((int)(saturation * options.SaturationBins), options.SaturationBins - 1);
        var v = Math.Min((int)(value * options.ValueBins), options.ValueBins - 1);
        if (saturation < options.GreySaturation) h = 0;
        return (h * options.SaturationBins + s) * options.ValueBins + v;
    }
}
