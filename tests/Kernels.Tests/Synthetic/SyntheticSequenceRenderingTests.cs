using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Tests.Flow;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>What the camera window shows: exact copies at scale 1, exact box averages at whole zoom-out factors.</summary>
public sealed class SyntheticSequenceRenderingTests(PhotoLibrary photos) : IClassFixture<PhotoLibrary>
{
    private const int Width = 64;
    private const int Height = 48;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Frame_AtAWholeScaleAndWholePixelOffset_IsTheExactBoxAverageOfThePhoto(int scale)
    {
        var photo = photos.Get("baboon.jpg");
        var (left, top) = (37, 21);
        var sequence = new SyntheticSequence(photo, Width, Height, [new CameraWindow(left, top, scale)]);

        var frame = sequence.Frame(0);

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var j = 0; j < scale; j++)
                    {
                        for (var i = 0; i < scale; i++) sum += photo[left + scale * x + i, top + scale * y + j, c];
                    }
                    var expected = (2 * sum + scale * scale) / (2 * scale * scale); // round half up
                    Assert.Equal(expected, frame[x, y, c]);
                }
            }
        }
    }

    [Fact]
    public void Frame_AtAHalfPixelOffset_IsTheMeanOfTheTwoPhotoPixelsItStraddles()
    {
        var photo = photos.Get("fruits.jpg");
        var frame = new SyntheticSequence(photo, Width, Height, [new CameraWindow(10.5, 4)]).Frame(0);

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                for (var c = 0; c < 3; c++)
                    Assert.Equal((photo[10 + x, 4 + y, c] + photo[11 + x, 4 + y, c] + 1) / 2, frame[x, y, c]);
            }
        }
    }

    [Fact]
    public void Frame_ReturnsACopy_SoChangingItLeavesTheSequenceAlone()
    {
        var sequence = SyntheticSequences.Pan(photos.Get("fruits.jpg"), Width, Height, 2, 1, 0);
        var first = sequence.Frame(1);
        var before = (byte[])first.Pixels.Clone();

        Array.Fill(first.Pixels, (byte)0);

        Assert.Equal(before, sequence.Frame(1).Pixels);
    }

    [Fact]
    public void Frame_WithAnOccluder_ShowsItsTextureOneToOneAndClipsItAtTheFrameEdge()
    {
        var photo = photos.Get("baboon.jpg");
        var texture = new RgbFrame(20, 10, Enumerable.Range(0, 600).Select(i => (byte)(i % 251)).ToArray());
        // Frame 0: wholly inside; frame 1: hanging off the left and top edges.
        var occluder = new Occluder(texture, [new ScreenPosition(5, 7), new ScreenPosition(-4, -3)]);
        var sequence = new SyntheticSequence(photo, Width, Height, [new CameraWindow(0, 0), new CameraWindow(0, 0)], [occluder]);

        foreach (var t in new[] { 0, 1 })
        {
            var frame = sequence.Frame(t);
            var rect = occluder.Rect(t);
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var expected = rect.Contains(x, y) ? texture[x - rect.Left, y - rect.Top, c] : photo[x, y, c];
                        Assert.Equal(expected, frame[x, y, c]);
                    }
                    Assert.Equal(rect.Contains(x, y) ? 0 : -1, sequence.SurfaceAt(t, x, y));
                }
            }
        }
    }
}
