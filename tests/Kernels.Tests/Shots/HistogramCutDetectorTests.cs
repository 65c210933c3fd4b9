using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Shots;
using Xunit.Abstractions;
using static StyleFarm.Kernels.Tests.Shots.ColorHistogramTests;

namespace StyleFarm.Kernels.Tests.Shots;

public sealed class HistogramCutDetectorTests(SamplePhotos photos, ITestOutputHelper output) : IClassFixture<SamplePhotos>
{
    private readonly HistogramCutDetector _detector = new(new HistogramCutDetectorOptions());

    [Theory]
    [InlineData("fruits.jpg", "baboon.jpg")]
    [InlineData("home.jpg", "messi5.jpg")]
    [InlineData("building.jpg", "aero1.jpg")] // the most alike pair of the sample photos: both mostly grey
    public void CutsBetweenSlowPansAreFoundAtExactlyTheFirstFrameOfEachShot(string a, string b)
    {
        // A pans for 12 frames, B for 10, then A again where its pan left off.
        var frames = photos.Pan(a, 12).Concat(photos.Pan(b, 10)).Concat(photos.Pan(a, 10, step: 12));
        var found = _detector.Detect(frames);
        Assert.Equal(32, found.FrameCount);
        Assert.Equal([12, 22], found.Cuts.Select(c => c.Frame));
        Assert.Equal([new Shot(0, 0, 12), new Shot(1, 12, 22), new Shot(2, 22, 32)], found.Shots);
        Assert.All(found.Cuts, c => Assert.Equal(found.Distances[c.Frame], c.Distance));
        Assert.All(found.Cuts, c => Assert.InRange(c.Distance, 0.3, 1.0));
        var inShot = found.Distances.Where((_, i) => i is not (0 or 12 or 22)).ToList();
        output.WriteLine($"{a}/{b}: cuts {string.Join(", ", found.Cuts.Select(c => $"{c.Frame}:{c.Distance:F3}"))}; largest in-shot distance {inShot.Max():F4}");
        Assert.InRange(inShot.Max(), 0, 0.02);
    }

    [Theory]
    [InlineData(+0.10)]
    [InlineData(-0.10)]
    public void BrightnessFadeOfTenPercentOverEachShotAddsNoCut(double fade)
    {
        Func<int, double> Ramp(int frames) => i => 1 + fade * i / (frames - 1);
        var frames = photos.Pan("fruits.jpg", 12, gain: Ramp(12))
            .Concat(photos.Pan("baboon.jpg", 10, gain: Ramp(10)))
            .Concat(photos.Pan("fruits.jpg", 10, step: 12, gain: Ramp(10)));
        Assert.Equal([12, 22], _detector.Detect(frames).Cuts.Select(c => c.Frame));
    }

    [Theory]
    [InlineData("fruits.jpg")]
    [InlineData("home.jpg")]
    [InlineData("building.jpg")]
    public void LongPanThroughAFadeAndASuddenTenPercentBrightnessStepIsOneShot(string photo)
    {
        // 30 frames fading from 90% to 110%, then a 10% jump down and back up (a flash in reverse).
        var frames = photos.Pan(photo, 30, gain: i => 0.9 + 0.2 * i / 29)
            .Concat(photos.Pan(photo, 3, step: 30, gain: _ => 1.0))
            .Concat(photos.Pan(photo, 8, step: 33, gain: _ => 1.1));
        var found = _detector.Detect(frames);
        output.WriteLine($"{photo}: largest distance {found.Distances.Max():F4} (at frame {found.Distances.ToList().IndexOf(found.Distances.Max())})");
        Assert.Empty(found.Cuts);
        Assert.Equal([new Shot(0, 0, 41)], found.Shots);
        Assert.InRange(found.Distances.Max(), 0, 0.05);
    }

    [Fact]
    public void OfTwoCutsCloserThanTheMinimumShotOnlyTheStrongerIsKept()
    {
        var red = Solid(255, 0, 0);
        var redBlue = Halves((255, 0, 0), (0, 0, 255));
        var green = Solid(0, 255, 0);
        // red ×8, red|blue ×2, green ×8: the 1/3 jump at 8 is two frames before the full jump at 10.
        var frames = Enumerable.Repeat(red, 8).Concat(Enumerable.Repeat(redBlue, 2)).Concat(Enumerable.Repeat(green, 8));
        var found = _detector.Detect(frames);
        Assert.Equal(1.0 / 3, found.Distances[8], 15);
        Assert.Equal(1.0, found.Distances[10]);
        var cut = Assert.Single(found.Cuts);
        Assert.Equal(new ShotCut(10, 1.0, 0.1), cut);
    }

    [Fact]
    public void ACutWithinTheMinimumShotOfTheFirstFrameIsDropped()
    {
        var frames = Enumerable.Repeat(Solid(255, 0, 0), 3).Concat(Enumerable.Repeat(Solid(0, 0, 255), 10));
        var found = _detector.Detect(frames);
        Assert.Empty(found.Cuts);
        Assert.Equal(1.0, found.Distances[3]);
    }

    [Fact]
    public void AChangeThatCutsCalmFootageIsNoCutInBusyFootage()
    {
        // Red against ¾ red ¼ blue: ½·[(¼)²/(7/4) + (¼)²/(¼)] = 1/7, above the 0.1 floor.
        var red = Solid(255, 0, 0);
        var mostlyRed = Columns(6, (255, 0, 0), (0, 0, 255));
        var calm = Enumerable.Repeat(red, 8).Concat(Enumerable.Repeat(mostlyRed, 8));
        var calmCut = Assert.Single(_detector.Detect(calm).Cuts);
        Assert.Equal(8, calmCut.Frame);
        Assert.Equal(1.0 / 7, calmCut.Distance, 15);
        Assert.Equal(0.1, calmCut.Threshold);

        // Flickering between the two every frame: the median is 1/7, the bar 3/7; only green cuts.
        var busy = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? red : mostlyRed)
            .Concat(Enumerable.Repeat(Solid(0, 255, 0), 8));
        var busyCut = Assert.Single(_detector.Detect(busy).Cuts);
        Assert.Equal(16, busyCut.Frame);
        Assert.Equal(1.0, busyCut.Distance);
        Assert.Equal(3.0 / 7, busyCut.Threshold, 15);
    }

    [Fact]
    public void EmptyAndSingleFrameSequencesHaveNoCuts()
    {
        Assert.Equal(new CutDetection(0, [], []).FrameCount, _detector.Detect([]).FrameCount);
        Assert.Empty(_detector.Detect([]).Shots);
        var one = _detector.Detect([Solid(1, 2, 3)]);
        Assert.Equal([0.0], one.Distances);
        Assert.Equal([new Shot(0, 0, 1)], one.Shots);
    }

    [Fact]
    public void OptionsOutOfRangeAreRejected()
    {
        var detector = new HistogramCutDetector(new HistogramCutDetectorOptions { MedianWindow = 0 });
        var e = Assert.Throws<ArgumentException>(() => detector.Detect([Solid(1, 2, 3)]));
        Assert.Contains("median window 0", e.Message);
    }
}
