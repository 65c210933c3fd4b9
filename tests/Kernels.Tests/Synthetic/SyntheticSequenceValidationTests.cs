using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Synthetic;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>Bad input is refused with a message that says what was wrong.</summary>
public sealed class SyntheticSequenceValidationTests
{
    private static readonly RgbFrame Photo = new(100, 80);

    [Fact]
    public void Constructor_WithAWindowReachingOutsideThePhoto_ThrowsNamingTheFrameAndTheWindow()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SyntheticSequence(Photo, 40, 30, [new CameraWindow(0, 0), new CameraWindow(50, 10, 1.5)]));

        Assert.Contains("frame 1", error.Message);
        Assert.Contains("[50, 110) x [10, 55)", error.Message);
        Assert.Contains("100x80 photo", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Constructor_WithAScaleThatIsNotPositive_Throws(double scale)
    {
        var error = Assert.Throws<ArgumentException>(() => new SyntheticSequence(Photo, 40, 30, [new CameraWindow(0, 0, scale)]));
        Assert.Contains("scale", error.Message);
    }

    [Fact]
    public void Constructor_WithAnOccluderPathOfTheWrongLength_Throws()
    {
        var occluder = new Occluder(new RgbFrame(4, 4), [new ScreenPosition(0, 0)]);
        var error = Assert.Throws<ArgumentException>(() =>
            new SyntheticSequence(Photo, 40, 30, [new CameraWindow(0, 0), new CameraWindow(1, 0)], [occluder]));
        Assert.Contains("1 positions but the sequence has 2 frames", error.Message);
    }

    [Fact]
    public void Flow_WithAFrameOutsideTheSequence_ThrowsGivingTheRange()
    {
        var sequence = new SyntheticSequence(Photo, 40, 30, [new CameraWindow(0, 0), new CameraWindow(1, 0)]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => sequence.Flow(0, 2));
        Assert.Contains("frames 0 to 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequence.Visible(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequence.Frame(2));
    }

    [Fact]
    public void Pan_WithAPhotoTooSmallForThePath_ThrowsWithTheSizeNeeded()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticSequences.Pan(Photo, 40, 30, 32, 2, 0));
        Assert.Contains("needs 102 photo pixels (40 for the window, 62 of travel)", error.Message);
        // One frame fewer fits exactly.
        Assert.Equal(31, SyntheticSequences.Pan(Photo, 40, 30, 31, 2, 0).Count);
    }

    [Fact]
    public void Occluder_CutOutsideThePhoto_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Occluder.Cut(Photo, new PixelRect(90, 0, 20, 10), [new ScreenPosition(0, 0)]));
        Assert.Contains("100x80 photo", error.Message);
    }

    [Fact]
    public void RandomWalk_WithANegativeMaximum_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SyntheticSequences.RandomWalk(Photo, 40, 30, 3, 1, new RandomWalkOptions { MaxShift = -1 }));
        Assert.Throws<ArgumentException>(() => SyntheticSequences.RandomWalk(Photo, 120, 30, 3, 1));
    }
}
