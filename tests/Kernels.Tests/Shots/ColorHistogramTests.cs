using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Shots;

namespace StyleFarm.Kernels.Tests.Shots;

public sealed class ColorHistogramTests(SamplePhotos photos) : IClassFixture<SamplePhotos>
{
    private static readonly ColorHistogramOptions Options = new();

    [Fact]
    public void PureColoursLandInTheirHueSaturationValueBins()
    {
        // 16 hue × 4 saturation × 4 value; full saturation is bin 3, the frame's mean value maps to bin 2.
        Assert.Equal(Bin(0, 3, 2), SingleBin(Solid(255, 0, 0)));
        Assert.Equal(Bin(5, 3, 2), SingleBin(Solid(0, 255, 0)));   // hue 120° → 16·120/360 = 5.33
        Assert.Equal(Bin(10, 3, 2), SingleBin(Solid(0, 0, 255)));  // hue 240° → 10.67
        Assert.Equal(Bin(0, 0, 2), SingleBin(Solid(128, 128, 128)));
        // Saturation 0.06 is below the grey limit: its hue (green) is ignored.
        Assert.Equal(Bin(0, 0, 2), SingleBin(Solid(200, 212, 200)));
    }

    [Fact]
    public void ChiSquareDistanceIsZeroForEqualOneForDisjointAndExactInBetween()
    {
        var red = ColorHistogram.Of(Solid(255, 0, 0), Options);
        var blue = ColorHistogram.Of(Solid(0, 0, 255), Options);
        var half = ColorHistogram.Of(Halves((255, 0, 0), (0, 0, 255)), Options);
        Assert.Equal(0, red.ChiSquareDistance(red));
        Assert.Equal(1, red.ChiSquareDistance(blue));
        // ½·[(1 − ½)²/(1 + ½) + (0 − ½)²/(0 + ½)] = ½·(1/6 + 1/2) = 1/3
        Assert.Equal(1.0 / 3, red.ChiSquareDistance(half), 15);
        Assert.Equal(red.ChiSquareDistance(half), half.ChiSquareDistance(red));
    }

    [Fact]
    public void ScalingEveryPixelsBrightnessLeavesThePhotoHistogramExactlyUnchanged()
    {
        var crop = SamplePhotos.Crop(photos["fruits.jpg"], 200, 180, 0.5);
        var doubled = new RgbFrame(crop.Width, crop.Height, crop.Pixels.Select(p => (byte)(2 * p)).ToArray());
        var a = ColorHistogram.Of(crop, Options);
        var b = ColorHistogram.Of(doubled, Options);
        Assert.Equal(a.Bins, b.Bins);
        Assert.Equal(1.0, a.Bins.Sum(), 12);
        Assert.True(a.Bins.Count(w => w > 0) > 10, "a photo crop spreads over many bins");
    }

    [Fact]
    public void HistogramsOfDifferentBinningsCannotBeCompared()
    {
        var a = ColorHistogram.Of(Solid(1, 2, 3), Options);
        var b = ColorHistogram.Of(Solid(1, 2, 3), new ColorHistogramOptions { HueBins = 8 });
        var e = Assert.Throws<ArgumentException>(() => a.ChiSquareDistance(b));
        Assert.Contains("histograms of 256 and 128 bins cannot be compared", e.Message);
    }

    private static int Bin(int h, int s, int v) => (h * 4 + s) * 4 + v;

    private static int SingleBin(RgbFrame frame)
    {
        var bins = ColorHistogram.Of(frame, Options).Bins;
        var filled = Enumerable.Range(0, bins.Count).Where(i => bins[i] > 0).ToArray();
        Assert.Single(filled);
        Assert.Equal(1.0, bins[filled[0]]);
        return filled[0];
    }

    internal static RgbFrame Solid(byte r, byte g, byte b) => Halves((r, g, b), (r, g, b));

    internal static RgbFrame Halves((byte R, byte G, byte B) left, (byte R, byte G, byte B) right) => Columns(4, left, right);

    /// <summary>An 8×4 frame: the first <paramref name="leftColumns"/> columns one colour, the rest another.</summary>
    internal static RgbFrame Columns(int leftColumns, (byte R, byte G, byte B) left, (byte R, byte G, byte B) right)
    {
        var frame = new byte[8 * 4 * 3];
        for (var i = 0; i < 32; i++)
        {
            var c = i % 8 < leftColumns ? left : right;
            (frame[i * 3], frame[i * 3 + 1], frame[i * 3 + 2]) = (c.R, c.G, c.B);
        }
        return new RgbFrame(8, 4, frame);
    }
}
