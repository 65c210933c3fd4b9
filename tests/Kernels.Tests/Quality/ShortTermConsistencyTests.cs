using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Quality;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>Ruder et al. Table 2: the temporal loss makes consecutive stylized frames agree along the motion.</summary>
[Collection(QualityCollection.Name)]
public sealed class ShortTermConsistencyTests(ITestOutputHelper output)
{
    // 64×48: the independent baseline's 400 iterations from noise are most of the quality tests' time.
    private const int Width = 64;
    private const int Height = 48;
    private const int Frames = 5;

    [Fact]
    public void ShortTermConsistentOutput_OnAPanWithExactFlow_HasAtMostAFifthOfTheTemporalErrorOfIndependentFrames()
    {
        // fruits.jpg at a quarter of its size (a smooth photo); the picture moves (−2, −1) px per frame.
        var sequence = SyntheticSequences.Pan(QualityPhotos.Read("fruits.jpg"), Width, Height, Frames, 8, 4, scale: 4);
        var flow = new GroundTruthOpticalFlow(sequence);
        using var rig = new StylizerRig(Width, Height);
        // The preview preset as shipped, but 80 iterations for frames that start from scratch (the consistent render's
        // first frame, every independent frame): from noise L-BFGS sits on a plateau for 40–70 iterations at 64 px, and
        // an independent frame stopped there is a nearly flat image. One of the five still is at 80 (style term 1.3
        // against 0.01–0.02); that only lowers the baseline's error, so it makes the bound harder, not easier.
        var preset = StylePresets.Preview with { FirstFrameIterations = 80 };

        var independent = rig.Render(preset, independent: true, flow.Frames, flow);
        var consistent = rig.Render(preset, independent: false, flow.Frames, flow);

        var independentErrors = Enumerable.Range(1, Frames - 1).Select(t => SequenceMetrics.TemporalError(sequence, independent, t - 1, t)).ToList();
        var consistentErrors = Enumerable.Range(1, Frames - 1).Select(t => SequenceMetrics.TemporalError(sequence, consistent, t - 1, t)).ToList();
        var independentStyle = Enumerable.Range(0, Frames).Select(t => rig.Measure(preset, flow.Frames[t], independent[t]).Style).ToList();
        var consistentStyle = Enumerable.Range(0, Frames).Select(t => rig.Measure(preset, flow.Frames[t], consistent[t]).Style).ToList();
        var ratio = consistentErrors.Average() / independentErrors.Average();
        output.WriteLine($"temporal error (§8, exact flow and visibility) per pair: independent {Join(independentErrors)}; short-term {Join(consistentErrors)}");
        output.WriteLine($"mean: independent {independentErrors.Average():E3}, short-term {consistentErrors.Average():E3}, ratio {ratio:E3} (bound 0.2)");
        output.WriteLine($"style term per frame: independent {Join(independentStyle)}; short-term {Join(consistentStyle)}");

        // Table 2's bound (the paper's own ratios run 0.03 to 0.32 on real footage with estimated flow); with exact flow
        // the measured ratio is 1.6e-4.
        Assert.True(ratio <= 0.2, $"short-term output has {ratio:F3}× the temporal error of independent frames, more than 0.2×");
        // And the temporal term must not stop later frames from being stylized: within 2× of the first frame's style loss
        // (frame 0 has no temporal term; measured: 0.66×, since later frames start from frame 0's result and optimise on).
        var later = consistentStyle.Skip(1).Average();
        Assert.True(later <= 2 * consistentStyle[0],
            $"later frames' style loss {later:G4} is more than twice the first frame's {consistentStyle[0]:G4}: the temporal weight freezes them");
    }

    private static string Join(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("E2")));
}
