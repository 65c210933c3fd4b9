using StyleFarm.Kernels.Flow;

namespace StyleFarm.Kernels.Tests.Flow;

public sealed class FlowVisualizationTests
{
    [Fact]
    public void ToColor_DrawsZeroFlowWhite()
    {
        var frame = FlowVisualization.ToColor(new FlowField(3, 2));

        Assert.Equal((3, 2), (frame.Width, frame.Height));
        Assert.All(frame.Pixels, value => Assert.Equal(255, value));
    }

    [Fact]
    public void ToColor_DrawsTheLargestRightwardVectorPureRedAndHalfOfItHalfwayToWhite()
    {
        var flow = new FlowField(2, 1);
        flow.Set(0, 0, 4, 0);
        flow.Set(1, 0, 2, 0);

        var frame = FlowVisualization.ToColor(flow);

        Assert.Equal((255, 0, 0), Pixel(frame, 0));
        // Saturation 0.5: each channel moves half way from white to red, 127.5 rounded to even.
        Assert.Equal((255, 128, 128), Pixel(frame, 1));
    }

    [Fact]
    public void ToColor_WithAGivenMaximum_ScalesByItAndDarkensVectorsBeyondIt()
    {
        var flow = new FlowField(2, 1);
        flow.Set(0, 0, 1, 0);
        flow.Set(1, 0, 3, 0);

        var frame = FlowVisualization.ToColor(flow, maxMagnitude: 2);

        Assert.Equal((255, 128, 128), Pixel(frame, 0));
        Assert.Equal((191, 0, 0), Pixel(frame, 1)); // 0.75 · 255 = 191.25
    }

    [Fact]
    public void ToColor_DrawsUnknownVectorsBlackAndLeavesThemOutOfTheMaximum()
    {
        var flow = new FlowField(3, 1);
        flow.Set(0, 0, 2e9f, 0);
        flow.Set(1, 0, float.NaN, 1);
        flow.Set(2, 0, 5, 0);

        var frame = FlowVisualization.ToColor(flow);

        Assert.Equal((0, 0, 0), Pixel(frame, 0));
        Assert.Equal((0, 0, 0), Pixel(frame, 1));
        Assert.Equal((255, 0, 0), Pixel(frame, 2));
        Assert.Equal(5f, FlowVisualization.LargestMagnitude(flow));
    }

    /// <summary>Wheel position of each segment's first hue: red 0, yellow 15, green 21, cyan 25, blue 36, magenta 49 of 55.</summary>
    [Theory]
    [InlineData(0, 255, 0, 0)]
    [InlineData(15, 255, 255, 0)]
    [InlineData(21, 0, 255, 0)]
    [InlineData(25, 0, 255, 255)]
    [InlineData(36, 0, 0, 255)]
    [InlineData(49, 255, 0, 255)]
    public void ToColor_PlacesTheSixPrimaryHuesAtTheMiddleburySegmentBoundaries(int position, int r, int g, int b)
    {
        // Position p of 55 is the direction of −w at angle (2p/55 − 1)·π, as in Middlebury's atan2(−v, −u).
        var angle = (2.0 * position / 55 - 1) * Math.PI;
        var flow = new FlowField(1, 1);
        flow.Set(0, 0, (float)-Math.Cos(angle), (float)-Math.Sin(angle));

        var frame = FlowVisualization.ToColor(flow, maxMagnitude: 1);

        var (pr, pg, pb) = Pixel(frame, 0);
        Assert.InRange(pr, r - 1, r + 1);
        Assert.InRange(pg, g - 1, g + 1);
        Assert.InRange(pb, b - 1, b + 1);
    }

    [Fact]
    public void ToColor_ChangesHueSmoothlyAllRoundTheWheel()
    {
        // One full-magnitude vector per degree; neighbouring directions must get neighbouring colours.
        var flow = new FlowField(360, 1);
        for (var degree = 0; degree < 360; degree++)
        {
            flow.Set(degree, 0, MathF.Cos(degree * MathF.PI / 180), MathF.Sin(degree * MathF.PI / 180));
        }

        var frame = FlowVisualization.ToColor(flow, maxMagnitude: 1);

        for (var degree = 0; degree < 360; degree++)
        {
            var (a, b) = (Pixel(frame, degree), Pixel(frame, (degree + 1) % 360));
            var step = Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)));
            // The steepest segment (green→cyan, 4 hues over 4/55 of a turn) changes 255 per 26.2°: ≤ 10 per degree.
            Assert.True(step <= 10, $"colour jumps by {step} between {degree}° and {degree + 1}°");
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ToColor_RejectsAMaximumThatIsNotAPositiveNumber(float max)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FlowVisualization.ToColor(new FlowField(1, 1), max));

        Assert.Equal("maxMagnitude", error.ParamName);
    }

    private static (int R, int G, int B) Pixel(StyleFarm.Kernels.Imaging.RgbFrame frame, int x) =>
        (frame[x, 0, 0], frame[x, 0, 1], frame[x, 0, 2]);
}
