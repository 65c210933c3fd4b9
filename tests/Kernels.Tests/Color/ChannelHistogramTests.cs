using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Tests.Color;

public sealed class ChannelHistogramTests(ColorPhotos photos) : IClassFixture<ColorPhotos>
{
    [Fact]
    public void CountsEachLevelOfTheChosenChannel()
    {
        // Pixels (R,G,B): (1,2,3) (1,5,3) (7,2,3) (255,0,3).
        var frame = new RgbFrame(2, 2, [1, 2, 3, 1, 5, 3, 7, 2, 3, 255, 0, 3]);

        var red = ChannelHistogram.Of(frame, 0);
        var green = ChannelHistogram.Of(frame, 1);
        var blue = ChannelHistogram.Of(frame, 2);

        Assert.Equal(4L, red.Total);
        Assert.Equal((2L, 1L, 1L, 0L), (red[1], red[7], red[255], red[2]));
        Assert.Equal((1L, 2L, 1L), (green[0], green[2], green[5]));
        Assert.Equal(4L, blue[3]);
        Assert.Equal((1 + 1 + 7 + 255) / 4.0, red.Mean());
        var cumulative = red.CumulativeCounts();
        Assert.Equal((0L, 2L, 2L, 3L, 3L, 4L), (cumulative[0], cumulative[1], cumulative[6], cumulative[7], cumulative[254], cumulative[255]));
    }

    [Fact]
    public void AddingFramesOneByOneEqualsCountingThemAsOneImage()
    {
        var a = photos.Get("baboon.jpg", 4);
        var b = photos.Get("fruits.jpg", 4);
        // The two frames stacked vertically are one image holding all their pixels.
        var stacked = new RgbFrame(a.Width, a.Height + b.Height, [.. a.Pixels, .. b.Pixels]);
        Assert.Equal(a.Width, b.Width);

        var incremental = new RgbHistogram();
        incremental.Add(a);
        incremental.Add(b);
        var whole = RgbHistogram.Of(stacked);

        Assert.Equal(128L * 128 + 128L * 120, incremental.Total);
        for (var c = 0; c < 3; c++)
        {
            for (var level = 0; level < ChannelHistogram.Levels; level++) Assert.Equal(whole[c][level], incremental[c][level]);
            Assert.Equal(incremental.Total, incremental[c].CumulativeCounts()[255]);
        }
    }

    [Fact]
    public void AddWithCountCountsThatManyPixels()
    {
        var histogram = new ChannelHistogram();
        histogram.Add(200, 5_000_000_000);
        histogram.Add(10);

        Assert.Equal(5_000_000_001, histogram.Total);
        Assert.Equal(5_000_000_000, histogram[200]);
        Assert.Equal(1L, histogram[10]);
    }

    [Fact]
    public void RejectsChannelsAndLevelsOutOfRange()
    {
        var frame = new RgbFrame(2, 2);
        var channel = Assert.Throws<ArgumentOutOfRangeException>(() => ChannelHistogram.Of(frame, 3));
        Assert.Contains("0 (R), 1 (G) or 2 (B)", channel.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelHistogram()[256]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbHistogram()[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelHistogram().Add(3, -1));
        Assert.True(double.IsNaN(new ChannelHistogram().Mean()));
    }
}
