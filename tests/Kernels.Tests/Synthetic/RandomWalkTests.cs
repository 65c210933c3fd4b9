using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Tests.Flow;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>The paper's random camera windows: seeded, within their limits, and a fair test of real optical flow.</summary>
public sealed class RandomWalkTests(PhotoLibrary photos, ITestOutputHelper output) : IClassFixture<PhotoLibrary>
{
    private const int Width = 128;
    private const int Height = 96;

    [Fact]
    public void RandomWalk_WithTheSameSeed_GivesTheSameFramesAndAnotherSeedDifferent()
    {
        var photo = photos.Get("fruits.jpg");
        var first = SyntheticSequences.RandomWalk(photo, Width, Height, 4, seed: 42);
        var again = SyntheticSequences.RandomWalk(photo, Width, Height, 4, seed: 42);
        var other = SyntheticSequences.RandomWalk(photo, Width, Height, 4, seed: 43);

        Assert.Equal(first.Cameras, again.Cameras);
        for (var t = 0; t < 4; t++) Assert.Equal(first.Frame(t).Pixels, again.Frame(t).Pixels);
        Assert.Equal(first.Flow(0, 3).Data, again.Flow(0, 3).Data);
        Assert.NotEqual(first.Cameras, other.Cameras);
        Assert.NotEqual(first.Frame(3).Pixels, other.Frame(3).Pixels);
    }

    [Fact]
    public void RandomWalk_WithThePapersDefaults_MovesAtMost32AndGrowsBy0To32PixelsPerAxisEachFrame()
    {
        var photo = photos.Get("baboon.jpg");
        var sequence = SyntheticSequences.RandomWalk(photo, Width, Height, 6, seed: 3);

        var cameras = sequence.Cameras;
        Assert.Equal(new CameraWindow(cameras[0].OffsetX, cameras[0].OffsetY, 1), cameras[0]);
        double largestShift = 0, largestGrowth = 0;
        for (var t = 1; t < cameras.Count; t++)
        {
            var (before, after) = (cameras[t - 1], cameras[t]);
            var (growX, growY) = ((after.ScaleX - before.ScaleX) * Width, (after.ScaleY - before.ScaleY) * Height);
            var shiftX = after.PhotoX(Width / 2.0) - before.PhotoX(Width / 2.0);
            var shiftY = after.PhotoY(Height / 2.0) - before.PhotoY(Height / 2.0);
            Assert.InRange(growX, 0, 32 + 1e-9);
            Assert.InRange(growY, 0, 32 + 1e-9);
            Assert.InRange(Math.Abs(shiftX), 0, 32 + 1e-9);
            Assert.InRange(Math.Abs(shiftY), 0, 32 + 1e-9);
            largestShift = Math.Max(largestShift, Math.Max(Math.Abs(shiftX), Math.Abs(shiftY)));
            largestGrowth = Math.Max(largestGrowth, Math.Max(growX, growY));
        }
        output.WriteLine($"largest shift {largestShift:F2} px, largest growth {largestGrowth:F2} px, final scale " +
                         $"({cameras[^1].ScaleX:F3}, {cameras[^1].ScaleY:F3})");
        // Five draws per axis from [−32, 32] and [0, 32]: they use a good part of the range.
        Assert.True(largestShift > 16 && largestGrowth > 16);
    }

    [Fact]
    public void RandomWalk_DrawingOncePerSequence_RepeatsTheSameStepEveryFrame()
    {
        var sequence = SyntheticSequences.RandomWalk(photos.Get("baboon.jpg"), 64, 64, 5, seed: 9,
            new RandomWalkOptions { MaxShift = 4, MaxZoomOut = 4, DrawEveryFrame = false });

        var cameras = sequence.Cameras;
        var first = (cameras[1].PhotoX(32) - cameras[0].PhotoX(32), cameras[1].ScaleX - cameras[0].ScaleX);
        for (var t = 2; t < cameras.Count; t++)
        {
            var step = (cameras[t].PhotoX(32) - cameras[t - 1].PhotoX(32), cameras[t].ScaleX - cameras[t - 1].ScaleX);
            Assert.Equal(first.Item1, step.Item1, 9);
            Assert.Equal(first.Item2, step.Item2, 12);
        }
    }

    [Fact]
    public void RandomWalk_OnAPhotoBarelyLargerThanTheFrame_StaysInsideThePhoto()
    {
        var photo = photos.Get("fruits.jpg");
        // Windows up to 32 px larger per frame and 32 px moves, in a 512x480 photo, for many frames.
        var sequence = SyntheticSequences.RandomWalk(photo, 400, 400, 12, seed: 1);

        foreach (var camera in sequence.Cameras)
        {
            Assert.InRange(camera.OffsetX, -1e-9, photo.Width);
            Assert.InRange(camera.PhotoX(400), 0, photo.Width + 1e-9);
            Assert.InRange(camera.PhotoY(400), 0, photo.Height + 1e-9);
        }
        Assert.Equal(photo.Height / 400.0, sequence.Cameras[^1].ScaleY, 9);
    }

    [Theory]
    [InlineData("fruits.jpg", 1)]
    [InlineData("baboon.jpg", 2)]
    [InlineData("home.jpg", 3)]
    public void DisOpticalFlow_OnASmallStepRandomWalkPair_IsWithinOnePixelOfTheExactFlowAtVisiblePixels(string photo, int seed)
    {
        var sequence = SyntheticSequences.RandomWalk(photos.Get(photo), Width, Height, 2, seed,
            new RandomWalkOptions { MaxShift = 3, MaxZoomOut = 3 });
        var truth = sequence.GroundTruth(0, 1);

        var estimate = new DisOpticalFlow().Compute(sequence.Frame(0), sequence.Frame(1));
        var reverse = new DisOpticalFlow().Compute(sequence.Frame(1), sequence.Frame(0));

        var epe = FlowError.MeanEndPoint(estimate, truth);
        var reverseEpe = FlowError.MeanEndPoint(reverse, sequence.GroundTruth(1, 0));
        var zero = FlowError.MeanEndPoint(new FlowField(Width, Height), truth);
        output.WriteLine($"{photo} seed {seed}: DIS EPE {epe:F3} px forward, {reverseEpe:F3} px backward at visible pixels; " +
                         $"zero flow would score {zero:F3} px (scale {sequence.Cameras[1].ScaleX:F3} x {sequence.Cameras[1].ScaleY:F3})");
        Assert.InRange(epe, 0, 1);
        Assert.InRange(reverseEpe, 0, 1);
        Assert.True(zero > 1, $"the motion ({zero:F3} px on average) is too small to tell a flipped convention");
    }
}
