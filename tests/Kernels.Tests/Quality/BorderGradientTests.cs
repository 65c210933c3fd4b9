using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// Where a camera pans and zooms out, content enters at the edges every frame and every earlier frame's border lies
/// inside the later frames. A render must not leave those borders as lines (nested rectangles along the revealed
/// edges): E_gradient (Ruder et al. eq. 23) along them stays close to 1, the image's mean.
/// </summary>
[Collection(QualityCollection.Name)]
public sealed class BorderGradientTests(ITestOutputHelper output)
{
    private const int Width = 64;
    private const int Height = 48;
    private const int Frames = 6;

    [Theory]
    [InlineData(1, 1.2)]
    // Multi-pass: 1.19 with the eq. 13–14 blend on the raw consistency weights, 1.04 with BlendFeather's.
    [InlineData(4, 1.1)]
    public void APanAndZoomRenderedWithThePreviewPreset_LeavesNoLineWhereEarlierFramesBordersWere(int passes, double limit)
    {
        // fruits.jpg at 2 photo pixels per frame pixel; the camera moves (6, 4) and widens by 4 photo pixels a frame.
        var sequence = SyntheticSequences.PanZoom(QualityPhotos.Read("fruits.jpg"), Width, Height, Frames, 6, 4, 4, scale: 2);
        var flow = new GroundTruthOpticalFlow(sequence);
        using var rig = new StylizerRig(Width, Height);

        var frames = rig.Render(StylePresets.Preview with { Passes = passes }, independent: false, flow.Frames, flow);

        var ratios = Enumerable.Range(1, Frames - 1).Select(t =>
        {
            var (horizontal, vertical) = EarlierBorders.Bands(sequence, t);
            return GradientRatio.Compute(frames[t], horizontal, vertical)!.Value;
        }).ToList();
        output.WriteLine($"{passes} pass(es): E_gradient along earlier frames' borders, frames 1..{Frames - 1}: {string.Join(" ", ratios.Select(r => r.ToString("F3")))}; mean {ratios.Average():F3}");

        Assert.True(ratios.Average() <= limit, $"E_gradient along earlier frames' borders is {ratios.Average():F3}, above {limit}: the old borders show as lines");
    }
}
