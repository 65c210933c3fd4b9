using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Quality;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// Ruder et al. §4.4, Fig. 10: content that a camera pan reveals at the border gets a later frame's few iterations and
/// is then held by the temporal loss; starting from the mean colour (the paper's init) it loses contrast, which the
/// multi-pass algorithm was made to fix. Starting from the content frame where there is no reliable history, the
/// revealed border keeps its contrast in a single pass too, and multi-pass keeps it as well.
/// </summary>
[Collection(QualityCollection.Name)]
public sealed class MultiPassBorderTests(ITestOutputHelper output)
{
    private const int Size = 64;
    private const int Frames = 6;
    private const int Band = 8;

    [Fact]
    public void SingleAndMultiPass_OnACameraPan_KeepTheRevealedBordersContrastWithinAThirdOfTheInteriors()
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

        // Measured: single pass 1.14, multi-pass 1.20 (1 = as contrasted as the interior); with the mean-colour init the
        // single pass kept 0.51 and multi-pass 1.16.
        foreach (var (mode, value) in new[] { ("single pass", singleRight), ("multi-pass", multiRight) })
            Assert.True(value is >= 0.75 and <= 4.0 / 3, $"{mode}: the revealed border keeps {value:F3} of the interior's relative contrast, outside 0.75–1.33");
    }

    private static double Contrast(Tensor image, int left) =>
        SequenceMetrics.BandContrast(image, left, Band) / SequenceMetrics.BandContrast(image, Band, Size - 2 * Band);
}
