using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Tests.Flow;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>Visibility masks on hand-constructed camera motions, where the answer is known pixel by pixel.</summary>
public sealed class SyntheticSequenceVisibilityTests(PhotoLibrary photos) : IClassFixture<PhotoLibrary>
{
    private const int Width = 80;
    private const int Height = 64;

    [Theory]
    [InlineData(3, 1)] // the window pans right: the picture moves left, its first 3 columns leave the next frame
    [InlineData(-3, 1)] // the window pans left: the picture moves right, its last 3 columns leave
    [InlineData(3, 2)] // two frames later 6 columns have left
    public void Visible_OnAWholePixelPan_IsFalseExactlyOnTheColumnsThatLeaveTheFrame(int velocity, int frames)
    {
        var sequence = SyntheticSequences.Pan(photos.Get("baboon.jpg"), Width, Height, 3, velocity, 0);

        var visible = sequence.Visible(0, frames);
        var occluded = sequence.Occluded(0, frames);

        var gone = Math.Abs(velocity) * frames;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var leaves = velocity > 0 ? x < gone : x >= Width - gone;
                Assert.Equal(!leaves, visible[y * Width + x]);
                Assert.Equal(leaves, occluded[y * Width + x]);
            }
        }
    }

    [Fact]
    public void Visible_OnAVerticalPan_IsFalseExactlyOnTheRowsThatLeaveTheFrame()
    {
        // The window moves 2 px down: the picture moves up and its top 2 rows leave.
        var sequence = SyntheticSequences.Pan(photos.Get("fruits.jpg"), Width, Height, 2, 0, 2);

        var visible = sequence.Visible(0, 1);

        for (var i = 0; i < visible.Length; i++) Assert.Equal(i / Width >= 2, visible[i]);
    }

    [Fact]
    public void Visible_OnAHalfPixelPan_DropsTheColumnWhoseTargetFallsBetweenTheFrameEdgeAndTheFirstPixelCentre()
    {
        // Column 0 lands at x = −0.5, where bilinear sampling of the next frame would need a pixel it lacks.
        var sequence = SyntheticSequences.Pan(photos.Get("baboon.jpg"), Width, Height, 2, 0.5, 0);

        var visible = sequence.Visible(0, 1);
        var back = sequence.Visible(1, 0);

        for (var i = 0; i < visible.Length; i++)
        {
            Assert.Equal(i % Width != 0, visible[i]);
            Assert.Equal(i % Width != Width - 1, back[i]);
        }
    }

    [Fact]
    public void Visible_AfterAZoomOutAboutTheCorner_DropsOnlyTheFirstRowAndColumn()
    {
        // Frame 1 sees twice the area from the same corner: pixel x lands at x/2 − ¼, outside [0, W−1] only for x = 0.
        var sequence = new SyntheticSequence(photos.Get("fruits.jpg"), Width, Height,
            [new CameraWindow(10, 20), new CameraWindow(10, 20, 2)]);

        var visible = sequence.Visible(0, 1);

        for (var i = 0; i < visible.Length; i++) Assert.Equal(i % Width != 0 && i / Width != 0, visible[i]);
        // Zooming back in, only the top-left quarter of frame 1 (less the edge rows) is in frame 0.
        var back = sequence.Visible(1, 0);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
                Assert.Equal(2 * x + 0.5 <= Width - 1 && 2 * y + 0.5 <= Height - 1, back[y * Width + x]);
        }
    }
}
