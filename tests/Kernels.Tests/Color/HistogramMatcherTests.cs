using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Tests.Color;

public sealed class HistogramMatcherTests(ColorPhotos photos) : IClassFixture<ColorPhotos>
{
    [Theory]
    [InlineData("baboon.jpg")]
    [InlineData("fruits.jpg")]
    [InlineData("starry_night.jpg")]
    public void MatchingAPhotoToItselfLeavesItUnchanged(string name)
    {
        var photo = photos.Get(name, 4);
        var histogram = RgbHistogram.Of(photo);
        var matcher = new HistogramMatcher(histogram, histogram);

        Assert.Equal(photo.Pixels, matcher.Apply(photo).Pixels);
        for (var c = 0; c < 3; c++)
        {
            var table = matcher.Table(c).ToArray();
            for (var level = 0; level < 256; level++)
            {
                if (histogram[c][level] > 0) Assert.Equal(level, table[level]);
            }
        }
    }

    [Fact]
    public void MatchingAFlatRampToAKnownHistogramReproducesItExactly()
    {
        // Source: 64×64 pixels, each of the 256 levels 16 times in every channel.
        var ramp = new byte[64 * 64 * 3];
        for (var i = 0; i < 64 * 64; i++) ramp[i * 3] = ramp[i * 3 + 1] = ramp[i * 3 + 2] = (byte)(i % 256);
        var source = new RgbFrame(64, 64, ramp);
        // Target: 32×32; R is 1/4 at 10, 1/2 at 100, 1/4 at 200; G 1/8 at 0, 7/8 at 255; B all 128.
        var target = new RgbFrame(32, 32);
        for (var i = 0; i < 1024; i++)
        {
            target.Pixels[i * 3] = i < 256 ? (byte)10 : i < 768 ? (byte)100 : (byte)200;
            target.Pixels[i * 3 + 1] = i < 128 ? (byte)0 : (byte)255;
            target.Pixels[i * 3 + 2] = 128;
        }

        var output = RgbHistogram.Of(new HistogramMatcher(RgbHistogram.Of(source), RgbHistogram.Of(target)).Apply(source));

        Assert.Equal((1024L, 2048L, 1024L), (output[0][10], output[0][100], output[0][200]));
        Assert.Equal((512L, 3584L), (output[1][0], output[1][255]));
        Assert.Equal(4096L, output[2][128]);
    }

    [Theory]
    [InlineData("baboon.jpg", "starry_night.jpg")]
    [InlineData("fruits.jpg", "baboon.jpg")]
    [InlineData("starry_night.jpg", "fruits.jpg")]
    public void MatchedPhotoHasTheTargetHistogramUpToWholeSourceBins(string sourceName, string targetName)
    {
        var source = photos.Get(sourceName, 4);
        var target = photos.Get(targetName, 5);
        var sourceHistogram = RgbHistogram.Of(source);
        var targetHistogram = RgbHistogram.Of(target);

        var output = RgbHistogram.Of(new HistogramMatcher(sourceHistogram, targetHistogram).Apply(source));

        for (var c = 0; c < 3; c++)
        {
            HistogramAssert.MatchedExactly(sourceHistogram[c], targetHistogram[c], output[c]);
            // The CDFs then differ by less than the largest source bin at every level.
            Assert.True(HistogramAssert.MaxCdfGap(output[c], targetHistogram[c]) < HistogramAssert.MaxBinFraction(sourceHistogram[c]));
        }
    }

    [Fact]
    public void MatchingBaboonToStarryNightBringsItsMeanToThePaintings()
    {
        var baboon = photos.Get("baboon.jpg", 4);
        var style = photos.Style;

        var matched = new HistogramMatcher(RgbHistogram.Of(baboon), RgbHistogram.Of(style)).Apply(baboon);

        // Means differ by more than 10 levels before and by less than 2 after.
        Assert.True(Math.Abs(ColorPhotos.Mean(baboon) - ColorPhotos.Mean(style)) > 10);
        Assert.True(Math.Abs(ColorPhotos.Mean(matched) - ColorPhotos.Mean(style)) < 2,
            $"matched mean {ColorPhotos.Mean(matched):F2}, style mean {ColorPhotos.Mean(style):F2}");
    }

    [Theory]
    [InlineData("baboon.jpg", "starry_night.jpg", 1.0)]
    [InlineData("starry_night.jpg", "fruits.jpg", 1.0)]
    [InlineData("fruits.jpg", "starry_night.jpg", 0.3)]
    [InlineData("starry_night.jpg", "baboon.jpg", 0.5)]
    public void LookupTablesNeverDecrease(string sourceName, string targetName, double darken)
    {
        var source = ColorPhotos.Scaled(photos.Get(sourceName, 4), darken);
        var matcher = new HistogramMatcher(RgbHistogram.Of(source), RgbHistogram.Of(photos.Get(targetName, 4)));

        for (var c = 0; c < 3; c++)
        {
            var table = matcher.Table(c);
            for (var level = 1; level < 256; level++) Assert.True(table[level] >= table[level - 1], $"channel {c} drops at level {level}");
        }
    }

    [Fact]
    public void TieGoesToTheLowestTargetLevelReachingTheSourceCdf()
    {
        // Source: half at 0, half at 255. Target: half at 50, half at 60, none between.
        var source = new ChannelHistogram();
        source.Add(0, 2);
        source.Add(255, 2);
        var target = new ChannelHistogram();
        target.Add(50, 3);
        target.Add(60, 3);

        var table = HistogramMatcher.ChannelTable(source, target);

        // F_s(0) = 1/2 = F_t(50) exactly, so 0 → 50, not the next level; 255 → 60 (F = 1).
        Assert.Equal(50, table[0]);
        Assert.Equal(60, table[255]);
        // Levels the source lacks between them share level 0's CDF and so its target.
        Assert.Equal(50, table[128]);
    }

    [Fact]
    public void AConstantTargetMapsEveryLevelToItsLevel()
    {
        var target = new RgbFrame(8, 8);
        Array.Fill(target.Pixels, (byte)77);
        var matcher = new HistogramMatcher(RgbHistogram.Of(photos.Get("fruits.jpg", 4)), RgbHistogram.Of(target));

        Assert.All(matcher.Apply(photos.Get("fruits.jpg", 4)).Pixels, b => Assert.Equal(77, b));
    }

    [Fact]
    public void EmptyHistogramsAndBadChannelsAreRejected()
    {
        var some = ChannelHistogram.Of(new RgbFrame(2, 2), 0);
        var source = Assert.Throws<ArgumentException>(() => HistogramMatcher.ChannelTable(new ChannelHistogram(), some));
        Assert.Contains("source histogram is empty", source.Message);
        var target = Assert.Throws<ArgumentException>(() => HistogramMatcher.ChannelTable(some, new ChannelHistogram()));
        Assert.Contains("target histogram is empty", target.Message);
        var matcher = new HistogramMatcher(RgbHistogram.Of(new RgbFrame(2, 2)), RgbHistogram.Of(new RgbFrame(2, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => matcher.Table(3).Length);
    }
}
