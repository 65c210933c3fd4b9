using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// A multi-pass sweep's first frame has no frame before it at a shot's edge (the shot's first frame in a forward pass,
/// its last in a backward one). Left without the eq. 13–14 blend it was re-optimised on its own every such pass while
/// its neighbours were pulled together, so with few iterations per pass the shot's first pair (frame 0, frame 1) came
/// out 2–3× every other pair: a jump users saw at the start of every shot. It now starts from the blend with the next
/// frame's previous pass, its only neighbour (PassSweep.EdgeBlendFactor).
/// </summary>
[Collection(QualityCollection.Name)]
public sealed class ShotStartPairTests(ITestOutputHelper output)
{
    private const int Width = 64;
    private const int Height = 48;
    private const int Frames = 8;

    [Theory]
    [InlineData(3)] // the last sweep is backward and ends at the shot's first frame
    [InlineData(4)] // the last sweep is forward and starts at it
    public void AMultiPassRendersFirstFramePairIsNoLargerThanItsOtherPairs(int passes)
    {
        // fruits.jpg panned 1.5 px right and 0.5 px down a frame (the farm's seam test clip), with its exact flow.
        var sequence = SyntheticSequences.Pan(QualityPhotos.Read("fruits.jpg"), Width, Height, Frames, 6, 2, scale: 4);
        var flow = new GroundTruthOpticalFlow(sequence);
        using var rig = new StylizerRig(Width, Height);
        // Every weight pinned (the farm's seam test's), so recalibrating presets does not move this figure.
        var preset = StylePresets.Preview with
        {
            Passes = passes, IterationsPerPass = 3, ContentWeight = 5, StyleWeight = 1e8, MultiPassTemporalWeight = 500,
            TotalVariationWeight = 1e-4, TemporalFromPass = 2, BlendWeight = 1, RelativeTolerance = null, Seed = 0, LongTermOffsets = [1],
        };
        var frames = rig.Render(preset, independent: false, flow.Frames, flow);
        try
        {
            var pairs = Enumerable.Range(0, Frames - 1).Select(a => SequenceMetrics.TemporalError(sequence, frames, a, a + 1)).ToList();
            var ratio = pairs[0] / pairs.Skip(1).Average();
            output.WriteLine($"{passes} passes: first pair ÷ mean of the others {ratio:F2}; pairs {string.Join(" ", pairs.Select((e, a) => $"{a}:{e:E2}"))}");
            // Measured: 1.06 (3 passes) and 0.96 (4 passes); with the shot's edge unblended 1.92 and 3.28.
            Assert.True(ratio <= 1.3, $"the shot's first pair is {ratio:F2}× the mean of its other pairs");
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }
}
