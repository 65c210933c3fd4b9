using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Quality;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// Ruder et al. §4.4, Fig. 10: with a single pass, content that a camera pan reveals at the border starts from the
/// mean colour, gets a later frame's few iterations, and is then held by the temporal loss: the border loses contrast.
/// The multi-pass algorithm stylizes every frame on its own first and keeps the border as contrasted as the interior.
/// </summary>
[Collection(QualityCollection.Name)]
public sealed class MultiPassBorderTests(ITestOutputHelper output)
{
    private const int Size = 64;
    private const int Frames = 6;
    private const int Band = 8;

    [Fact]
    public void MultiPass_OnACameraPan_KeepsTheRevealedBordersContrastCloserToTheInteriorsThanASinglePass()
    {
        // fruits.jpg at a quarter of its size, the camera panning right: the picture moves 3 px left per frame and
        // new content enters at the right border.
        var sequence = SyntheticSequences.Pan(QualityPhotos.Read("fruits.jpg"), Size, Size, Frames, 12, 0, scale: 4);
        var flow = new GroundTruthOpticalFlow(sequence);
        using var rig = new StylizerRig(Size, Size);
        var single = rig.Render(StylePresets.Preview, independent: false, flow.Frames, flow);
        var multi = rig.Render(StylePresets.Preview with { Passes = 5 }, independent: false, flow.Frames, flow);

        // The measure: per frame, the standard deviation of the pixels in the 8-px band at the right border over that of
        // the interior (columns 8..55), divided by the same ratio of the input frame (so that the photo's own contrast
        // there does not count), averaged over the later half of the frames (3..5), where revealed content fills the band.
        using var scope = NewDisposeScope();
        var inputs = flow.Frames.Select(f => FrameTensors.ToTensor(f, CPU)).ToList();
        var later = Enumerable.Range(Frames / 2, Frames - Frames / 2).ToList();
        double Relative(IReadOnlyList<Tensor> frames, int t, int left) => Contrast(frames[t], left) / Contrast(inputs[t], left);
        double Measure(IReadOnlyList<Tensor> frames, int left) => later.Average(t => Relative(frames, t, left));
        var (singleRight, multiRight) = (Measure(single, Size - Band), Measure(multi, Size - Band));
        output.WriteLine($"right (revealed) border contrast / interior contrast, relative to the input's, frames {later[0]}..{later[^1]}: " +
            $"single pass {singleRight:F3}, multi-pass {multiRight:F3} (1 = as contrasted as the interior)");
        output.WriteLine($"per frame: single {string.Join(" ", Enumerable.Range(0, Frames).Select(t => Relative(single, t, Size - Band).ToString("F3")))}; " +
            $"multi {string.Join(" ", Enumerable.Range(0, Frames).Select(t => Relative(multi, t, Size - Band).ToString("F3")))}");
        output.WriteLine($"left border (revealed by the backward passes): single {Measure(single, 0):F3}, multi-pass {Measure(multi, 0):F3}");
        output.WriteLine($"mean short-term temporal error: single {SequenceMetrics.MeanShortTermError(sequence, single):E3}, multi-pass {SequenceMetrics.MeanShortTermError(sequence, multi):E3}");

        // The effect must be there to be fixed: the single pass loses at least a fifth of the border's relative contrast.
        Assert.True(singleRight < 0.8, $"the single pass keeps {singleRight:F3} of the border's relative contrast; the test sequence shows no Fig. 10 effect");
        // Multi-pass at least halves the deviation from the interior, on a log scale (measured: 0.23 of it).
        Assert.True(Math.Abs(Math.Log(multiRight)) <= 0.5 * Math.Abs(Math.Log(singleRight)),
            $"multi-pass border contrast {multiRight:F3} is not twice as close to the interior's (1) as the single pass's {singleRight:F3} on a log scale");
    }

    private static double Contrast(Tensor image, int left) =>
        SequenceMetrics.BandContrast(image, left, Band) / SequenceMetrics.BandContrast(image, Band, Size - 2 * Band);
}
