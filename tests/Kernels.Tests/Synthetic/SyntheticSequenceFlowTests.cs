using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Tests.Flow;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>The flow of a synthetic sequence is exact: it warps frames onto each other and composes.</summary>
public sealed class SyntheticSequenceFlowTests(PhotoLibrary photos, ITestOutputHelper output) : IClassFixture<PhotoLibrary>
{
    private const int Width = 96;
    private const int Height = 64;

    [Fact]
    public void Flow_OfAWholePixelPan_IsUniformAndWarpsTheNextFrameOntoThisOneWithZeroError()
    {
        var sequence = SyntheticSequences.Pan(photos.Get("baboon.jpg"), Width, Height, 5, 3, -2);

        foreach (var (a, b) in new[] { (0, 1), (1, 0), (0, 4), (3, 1) })
        {
            var flow = sequence.Flow(a, b);
            Assert.All(Enumerable.Range(0, Width * Height), i =>
                Assert.Equal((-3f * (b - a), 2f * (b - a)), (flow.Data[2 * i], flow.Data[2 * i + 1])));
            var (mean, max, pixels) = HostWarp.Difference(sequence.Frame(a), HostWarp.Backward(sequence.Frame(b), flow), sequence.Visible(a, b));
            output.WriteLine($"whole-pixel pan {a}->{b}: mean |diff| {mean}, max {max} over {pixels} visible pixels");
            Assert.Equal((Width - 3 * Math.Abs(b - a)) * (Height - 2 * Math.Abs(b - a)), pixels);
            Assert.Equal(0, max);
        }
    }

    [Fact]
    public void Flow_ForAZoomOutAboutTheWindowCorner_MatchesThePixelCentreFormula()
    {
        // Frame 1 sees twice as much photo from the same corner: pixel centre x + ½ maps to (x + ½)/2.
        var sequence = new SyntheticSequence(photos.Get("fruits.jpg"), Width, Height,
            [new CameraWindow(10, 20), new CameraWindow(10, 20, 2)]);

        var flow = sequence.Flow(0, 1);
        var back = sequence.Flow(1, 0);

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                Assert.Equal((-x / 2f - 0.25f, -y / 2f - 0.25f), (flow.U(x, y), flow.V(x, y)));
                Assert.Equal((x + 0.5f, y + 0.5f), (back.U(x, y), back.V(x, y)));
            }
        }
    }

    public static TheoryData<string, int, int> WarpCases() => new()
    {
        // photo, frame a, frame b (a RandomWalk of small steps; offsets as long-term consistency uses them)
        { "fruits.jpg", 0, 1 }, { "fruits.jpg", 0, 10 }, { "fruits.jpg", 20, 0 }, { "fruits.jpg", 0, 40 },
        { "baboon.jpg", 0, 1 }, { "baboon.jpg", 0, 10 }, { "baboon.jpg", 20, 0 }, { "baboon.jpg", 0, 40 },
    };

    [Theory]
    [MemberData(nameof(WarpCases))]
    public void Flow_OfASubPixelRandomWalkWithZoom_WarpsFrameBOntoFrameAWithinInterpolationError(string photo, int a, int b)
    {
        var sequence = SmallStepWalk(photo);

        var (mean, max, pixels) = HostWarp.Difference(sequence.Frame(a), HostWarp.Backward(sequence.Frame(b), sequence.Flow(a, b)),
            sequence.Visible(a, b));
        // The same error with zero flow: how much the frames differ before warping.
        var (unwarped, _, _) = HostWarp.Difference(sequence.Frame(a), HostWarp.Backward(sequence.Frame(b), new(Width, Height)),
            Enumerable.Repeat(true, Width * Height).ToArray());

        output.WriteLine($"{photo} {a}->{b} (scale {sequence.Cameras[a].ScaleX:F3} -> {sequence.Cameras[b].ScaleX:F3}): " +
                         $"mean |diff| {mean:F3}, max {max:F1} levels over {pixels} visible pixels; unwarped mean {unwarped:F1}");
        Assert.True(pixels > Width * Height / 4, $"only {pixels} pixels stay visible");
        // Interpolation error only: resampling the photo twice, once per frame (bilinear, box when zoomed out).
        Assert.InRange(mean, 0, photo == "fruits.jpg" ? 2 : 8);
        Assert.True(mean < unwarped / 3, $"warping left mean error {mean:F3}, not far below the unwarped {unwarped:F3}");
    }

    public static TheoryData<int, int, int> Triples() => new()
    {
        { 0, 1, 2 }, { 0, 10, 20 }, { 0, 20, 40 }, { 10, 11, 30 }, { 40, 20, 0 }, { 5, 30, 5 },
    };

    [Theory]
    [MemberData(nameof(Triples))]
    public void Flow_FromAToC_EqualsFlowFromAToBFollowedByFlowFromBToC(int a, int b, int c)
    {
        var sequence = SmallStepWalk("baboon.jpg");
        var (ab, bc, ac) = (sequence.Flow(a, b), sequence.Flow(b, c), sequence.Flow(a, c));
        var visible = sequence.Visible(a, b);

        double worst = 0;
        var compared = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (!visible[y * Width + x]) continue;
                var (u, v) = (ab.U(x, y), ab.V(x, y));
                // The flow of an affine camera is affine in x, so bilinear interpolation of it is exact.
                var (u2, v2) = HostWarp.Sample(bc, x + u, y + v);
                worst = Math.Max(worst, Math.Max(Math.Abs(u + u2 - ac.U(x, y)), Math.Abs(v + v2 - ac.V(x, y))));
                compared++;
            }
        }

        output.WriteLine($"{a}->{b}->{c}: largest difference {worst:E2} px over {compared} pixels visible from {a} in {b}");
        Assert.True(compared > 0);
        // Only float rounding of the stored fields remains (measured up to 1.5e-6 px).
        Assert.InRange(worst, 0, 1e-5);
    }

    [Fact]
    public void Flow_FromAFrameToItself_IsZeroAndEveryPixelIsVisible()
    {
        var sequence = SmallStepWalk("fruits.jpg");

        Assert.All(sequence.Flow(7, 7).Data, value => Assert.Equal(0f, value));
        Assert.All(sequence.Visible(7, 7), Assert.True);
    }

    [Fact]
    public void GroundTruth_MarksExactlyTheInvisiblePixelsUnknownAndKeepsTheOthers()
    {
        var sequence = SyntheticSequences.Pan(photos.Get("baboon.jpg"), Width, Height, 3, -2, 1);
        var (flow, truth, visible) = (sequence.Flow(0, 2), sequence.GroundTruth(0, 2), sequence.Visible(0, 2));

        for (var i = 0; i < visible.Length; i++)
        {
            var (u, v) = (truth.Data[2 * i], truth.Data[2 * i + 1]);
            Assert.Equal(visible[i], Kernels.Flow.FlowField.IsKnown(u, v));
            if (visible[i]) Assert.Equal((flow.Data[2 * i], flow.Data[2 * i + 1]), (u, v));
        }
        // The window moves 2 left and 1 down per frame: content moves 4 right and 2 up over two frames.
        Assert.Equal(Width * Height - (Width - 4) * (Height - 2), visible.Count(v => !v));
    }

    /// <summary>41 frames (offsets 1, 10, 20, 40 all fit) of sub-pixel shifts up to 2 px and zoom-out up to 1 px per frame.</summary>
    private SyntheticSequence SmallStepWalk(string photo) =>
        SyntheticSequences.RandomWalk(photos.Get(photo), Width, Height, 41, seed: 11,
            new RandomWalkOptions { MaxShift = 2, MaxZoomOut = 1 });
}
