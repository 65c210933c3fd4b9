using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Tests.Color;

public sealed class ShotColorMatchingTests(ColorPhotos photos) : IClassFixture<ColorPhotos>
{
    /// <summary>Four 96×72 frames panning 8 px at a time across fruits.jpg (downscaled to 128×120).</summary>
    private List<RgbFrame> FruitPan() => ColorPhotos.Pan(photos.Get("fruits.jpg", 4), 4, 96, 72, 8);

    [Fact]
    public void PerFrameIsTheDefaultMode()
    {
        Assert.Equal(ColorMatchingMode.PerFrame, ColorMatchingOptions.Default.Mode);
        Assert.Equal(ColorMatchingMode.PerFrame, new ColorMatchingOptions().Mode);
        Assert.Equal(ColorMatchingMode.PerFrame, ShotColorMatching.Measure(FruitPan(), photos.Style).Options.Mode);
    }

    [Fact]
    public void MeasureReadsTheShotOnceAndCountsAllItsFramesAsOneImage()
    {
        var frames = FruitPan();
        var source = new CountingShot(frames);

        var matching = ShotColorMatching.Measure(source, photos.Style);

        Assert.Equal(1, source.Enumerations);
        Assert.Equal(4, source.FramesPulled);
        Assert.Equal((4, 96, 72), (matching.FrameCount, matching.FrameWidth, matching.FrameHeight));
        Assert.Equal(4L * 96 * 72, matching.ShotHistogram.Total);
        for (var c = 0; c < 3; c++)
        {
            for (var level = 0; level < 256; level++)
                Assert.Equal(frames.Sum(f => ChannelHistogram.Of(f, c)[level]), matching.ShotHistogram[c][level]);
        }
    }

    [Fact]
    public void AMatchingFromAStoredHistogramPairsFramesExactlyAsMeasuringThem()
    {
        var frames = FruitPan();
        var measured = ShotColorMatching.Measure(frames, photos.Style);

        var rebuilt = ShotColorMatching.FromHistogram(measured.ShotHistogram, 4, 96, 72, photos.Style);

        foreach (var (a, b) in measured.Frames(frames).Zip(rebuilt.Frames(frames)))
        {
            Assert.Equal(a.Content.Pixels, b.Content.Pixels);
            Assert.Equal(a.Style.Pixels, b.Style.Pixels);
        }
        Assert.Contains("counts 27648 pixels, but 3 frames of 96×72 have 20736",
            Assert.Throws<ArgumentException>(() => ShotColorMatching.FromHistogram(measured.ShotHistogram, 3, 96, 72, photos.Style)).Message);
    }

    [Fact]
    public void StepOneGivesTheWholeShotTheStyleHistogram()
    {
        var frames = FruitPan();
        var matching = ShotColorMatching.Measure(frames, photos.Style);

        var transformed = new RgbHistogram();
        foreach (var frame in frames) transformed.Add(matching.TransformFrame(frame));

        for (var c = 0; c < 3; c++)
            HistogramAssert.MatchedExactly(matching.ShotHistogram[c], matching.StyleHistogram[c], transformed[c]);
    }

    [Fact]
    public void PerFramePairsAreTheStepOneFrameAndTheStyleMatchedToIt()
    {
        var frames = FruitPan();
        var matching = ShotColorMatching.Measure(frames, photos.Style);

        var pairs = matching.Frames(frames).ToList();

        Assert.Equal([0, 1, 2, 3], pairs.Select(p => p.Index));
        foreach (var pair in pairs)
        {
            Assert.Equal(matching.TransformFrame(frames[pair.Index]).Pixels, pair.Content.Pixels);
            Assert.Equal((photos.Style.Width, photos.Style.Height), (pair.Style.Width, pair.Style.Height));
            Assert.Equal(matching.StyleForFrame(frames[pair.Index]).Pixels, pair.Style.Pixels);
            var content = RgbHistogram.Of(pair.Content);
            var style = RgbHistogram.Of(pair.Style);
            for (var c = 0; c < 3; c++) HistogramAssert.MatchedExactly(matching.StyleHistogram[c], content[c], style[c]);
        }
    }

    [Fact]
    public void PerFrameStylesAreComputedOnlyAsTheyAreEnumerated()
    {
        var frames = FruitPan();
        var matching = ShotColorMatching.Measure(frames, photos.Style);
        var source = new CountingShot(frames);

        using var pairs = matching.Frames(source).GetEnumerator();
        Assert.Equal(0, source.FramesPulled);
        Assert.True(pairs.MoveNext());
        Assert.True(pairs.MoveNext());

        Assert.Equal(2, source.FramesPulled);
        Assert.Equal(1, pairs.Current.Index);
    }

    [Fact]
    public void ADarkShotGivesADarkerShotLevelStyleImage()
    {
        var dark = FruitPan().Select(f => ColorPhotos.Scaled(f, 0.5)).ToList();
        var style = photos.Style;

        var shotStyle = ShotColorMatching.Measure(dark, style, new ColorMatchingOptions { Mode = ColorMatchingMode.ShotLevel }).ShotStyle;

        var shotMean = dark.Average(ColorPhotos.Mean);
        var styleMean = ColorPhotos.Mean(style);
        var shotStyleMean = ColorPhotos.Mean(shotStyle);
        // Measured: style 93.56, dark shot 36.81, shot-level style 37.12: a drop of 56.4 levels, to the shot's mean.
        Assert.True(styleMean - shotStyleMean > 55, $"style mean {styleMean:F2}, shot-level style mean {shotStyleMean:F2}");
        Assert.True(Math.Abs(shotStyleMean - shotMean) < 1, $"dark shot mean {shotMean:F2}, shot-level style mean {shotStyleMean:F2}");
    }

    [Fact]
    public void PerFrameStyleImagesFollowABrightnessRampAcrossTheShot()
    {
        double[] gains = [0.4, 0.55, 0.7, 0.85, 1.0];
        var photo = ColorPhotos.Window(photos.Get("fruits.jpg", 4), 16, 16, 96, 72, 1);
        var ramp = gains.Select(g => ColorPhotos.Scaled(photo, g)).ToList();
        var matching = ShotColorMatching.Measure(ramp, photos.Style);

        var pairs = matching.Frames(ramp).ToList();
        var means = pairs.Select(p => ColorPhotos.Mean(p.Style)).ToList();

        // Measured style means 64.69, 79.66, 94.46, 110.48, 127.94 around the painting's 93.56: the
        // dim frames take its dark colours, the bright ones its light colours.
        for (var i = 1; i < means.Count; i++) Assert.True(means[i] - means[i - 1] > 14, $"style means {string.Join(", ", means)}");
        Assert.True(means[0] < ColorPhotos.Mean(photos.Style) - 25 && means[^1] > ColorPhotos.Mean(photos.Style) + 25);
        // Each style image follows its own (step-1) content frame's brightness to within 1.5 levels.
        Assert.All(pairs, p => Assert.True(Math.Abs(ColorPhotos.Mean(p.Style) - ColorPhotos.Mean(p.Content)) < 1.5));
    }

    [Fact]
    public void ShotLevelPairsTheOriginalFramesWithOneStyleImage()
    {
        var frames = FruitPan();
        var matching = ShotColorMatching.Measure(frames, photos.Style, new ColorMatchingOptions { Mode = ColorMatchingMode.ShotLevel });

        var pairs = matching.Frames(frames).ToList();

        Assert.All(pairs, p => Assert.Same(frames[p.Index], p.Content));
        Assert.All(pairs, p => Assert.Same(matching.ShotStyle, p.Style));
        var shotStyle = RgbHistogram.Of(matching.ShotStyle);
        for (var c = 0; c < 3; c++) HistogramAssert.MatchedExactly(matching.StyleHistogram[c], matching.ShotHistogram[c], shotStyle[c]);
    }

    [Fact]
    public void ContentOnlyPairsStepOneFramesWithTheUnchangedStyle()
    {
        var frames = FruitPan();
        var style = photos.Style;
        var matching = ShotColorMatching.Measure(frames, style, new ColorMatchingOptions { Mode = ColorMatchingMode.ContentOnly });

        var pairs = matching.Frames(frames).ToList();

        Assert.All(pairs, p => Assert.Same(style, p.Style));
        Assert.All(pairs, p => Assert.Equal(matching.TransformFrame(frames[p.Index]).Pixels, p.Content.Pixels));
    }

    [Fact]
    public void AnEmptyShotIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ShotColorMatching.Measure([], photos.Style));
        Assert.Contains("the shot has no frames", error.Message);
    }

    [Fact]
    public void AFrameOfAnotherSizeIsRejectedNamingIt()
    {
        var frames = FruitPan();
        frames.Insert(2, new RgbFrame(64, 48));

        var error = Assert.Throws<ArgumentException>(() => ShotColorMatching.Measure(frames, photos.Style));

        Assert.Contains("shot frame 2 is 64x48 but the shot's frames are 96x72", error.Message);
    }

    [Fact]
    public void ASecondPassThatDiffersFromTheMeasuredShotIsRejected()
    {
        var frames = FruitPan();
        var matching = ShotColorMatching.Measure(frames, photos.Style);

        var fewer = Assert.Throws<InvalidOperationException>(() => matching.Frames(frames.Take(3)).ToList());
        Assert.Contains("the shot has 3 frames but 4 were measured", fewer.Message);
        var more = Assert.Throws<InvalidOperationException>(() => matching.Frames([.. frames, frames[0]]).ToList());
        Assert.Contains("more frames than the 4 measured", more.Message);
        var resized = Assert.Throws<InvalidOperationException>(() => matching.Frames([frames[0], new RgbFrame(96, 71)]).ToList());
        Assert.Contains("shot frame 1 is 96x71", resized.Message);
        var single = Assert.Throws<ArgumentException>(() => matching.TransformFrame(new RgbFrame(72, 96)));
        Assert.Contains("the frame is 72x96 but the shot's frames are 96x72", single.Message);
    }

    /// <summary>A shot that records how often it is enumerated and how many frames were taken from it.</summary>
    private sealed class CountingShot(IReadOnlyList<RgbFrame> frames) : IEnumerable<RgbFrame>
    {
        public int Enumerations { get; private set; }
        public int FramesPulled { get; private set; }

        public IEnumerator<RgbFrame> GetEnumerator()
        {
            Enumerations++;
            foreach (var frame in frames)
            {
                FramesPulled++;
                yield return frame;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
