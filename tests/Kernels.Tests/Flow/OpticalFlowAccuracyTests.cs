using StyleFarm.Kernels.Flow;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Flow;

/// <summary>Each algorithm against the exact flow of a real photo shifted by a known sub-pixel amount.</summary>
public sealed class OpticalFlowAccuracyTests(PhotoLibrary photos, ITestOutputHelper output) : IClassFixture<PhotoLibrary>
{
    private const int Width = 128;
    private const int Height = 96;
    // Pixels near the edges see content that is missing from the other frame; the spec measures inside.
    private const int Border = 16;

    /// <summary>algorithm, photo, downscale factor, shift in source pixels (so the flow is shift / scale).</summary>
    public static TheoryData<string, string, int, int, int> Cases()
    {
        var data = new TheoryData<string, string, int, int, int>();
        foreach (var algorithm in OpticalFlowFactory.Names)
        {
            data.Add(algorithm, "baboon.jpg", 3, 5, -2); // (1.667, −0.667)
            data.Add(algorithm, "fruits.jpg", 3, -7, 4); // (−2.333, 1.333)
            data.Add(algorithm, "graf1.png", 4, 18, -10); // (4.5, −2.5)
            data.Add(algorithm, "home.jpg", 3, 2, 1); // (0.667, 0.333)
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_OnAShiftedPhoto_HasMeanEndPointErrorUnderHalfAPixelAwayFromTheBorders(
        string algorithm, string photo, int scale, int shiftX, int shiftY)
    {
        var pair = ShiftedPhotoPair.Cut(photos.Get(photo), Width, Height, scale, shiftX, shiftY);
        var flow = OpticalFlowFactory.Create(algorithm).Compute(pair.From, pair.To);

        Assert.Equal((Width, Height), (flow.Width, flow.Height));
        var epe = FlowError.MeanEndPoint(flow, pair.Truth, Border);
        output.WriteLine($"{algorithm} on {photo}, true flow ({pair.Truth.U(0, 0):F3}, {pair.Truth.V(0, 0):F3}): " +
                         $"mean EPE {epe:F3} px (border {Border} px), {FlowError.MeanEndPoint(flow, pair.Truth):F3} px over the whole frame");
        Assert.InRange(epe, 0, 0.5);
    }

    [Theory]
    [InlineData("dis")]
    [InlineData("deepflow")]
    [InlineData("farneback")]
    public void Compute_WhenContentMovesRight_GivesPositiveUAndTheReverseFlowGivesNegativeU(string algorithm)
    {
        // Content moves 3 px right and not at all vertically between the frames (scale 1: whole pixels).
        var pair = ShiftedPhotoPair.Cut(photos.Get("baboon.jpg"), Width, Height, 1, 3, 0);
        var flows = OpticalFlowFactory.Create(algorithm);

        var (forwardU, forwardV) = InteriorMean(flows.Compute(pair.From, pair.To));
        var (backwardU, backwardV) = InteriorMean(flows.Compute(pair.To, pair.From));

        output.WriteLine($"{algorithm}: mean forward ({forwardU:F3}, {forwardV:F3}), backward ({backwardU:F3}, {backwardV:F3})");
        Assert.InRange(forwardU, 2.5, 3.5);
        Assert.InRange(backwardU, -3.5, -2.5);
        Assert.InRange(forwardV, -0.5, 0.5);
        Assert.InRange(backwardV, -0.5, 0.5);
    }

    [Theory]
    [InlineData("dis")]
    [InlineData("deepflow")]
    [InlineData("farneback")]
    public void Compute_OnIdenticalFrames_GivesAlmostZeroFlow(string algorithm)
    {
        var pair = ShiftedPhotoPair.Cut(photos.Get("fruits.jpg"), Width, Height, 3, 0, 0);

        var flow = OpticalFlowFactory.Create(algorithm).Compute(pair.From, pair.From);

        var epe = FlowError.MeanEndPoint(flow, new FlowField(Width, Height));
        output.WriteLine($"{algorithm}: mean |w| {epe:F4} px on identical frames");
        Assert.InRange(epe, 0, 0.05);
    }

    [Fact]
    public void Compute_WithDisOptionOverrides_PassesThemToOpenCv()
    {
        var pair = ShiftedPhotoPair.Cut(photos.Get("baboon.jpg"), Width, Height, 3, 5, -2);
        var preset = new DisOpticalFlow().Compute(pair.From, pair.To);
        var overridden = new DisOpticalFlow(new DisOptions { PatchSize = 16, PatchStride = 8, VariationalRefinementIterations = 0 })
            .Compute(pair.From, pair.To);

        // Same algorithm, same frames: only the settings can make the two fields differ.
        Assert.NotEqual(preset.Data, overridden.Data);
        Assert.Equal(preset.Data, new DisOpticalFlow(new DisOptions()).Compute(pair.From, pair.To).Data);
    }

    private static (double U, double V) InteriorMean(FlowField flow)
    {
        double u = 0, v = 0;
        var n = 0;
        for (var y = Border; y < flow.Height - Border; y++)
        {
            for (var x = Border; x < flow.Width - Border; x++)
            {
                u += flow.U(x, y);
                v += flow.V(x, y);
                n++;
            }
        }
        return (u / n, v / n);
    }
}
