using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Tests.Flow;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>The exact flow of a synthetic sequence served through <see cref="StyleFarm.Kernels.Flow.IOpticalFlow"/>.</summary>
public sealed class GroundTruthOpticalFlowTests(PhotoLibrary photos) : IClassFixture<PhotoLibrary>
{
    [Fact]
    public void Compute_BetweenTwoOfItsFrames_ReturnsTheSequencesExactFlowBetweenTheirIndices()
    {
        var hide = SyntheticSequences.HideAndReveal(photos.Get("baboon.jpg"), photos.Get("fruits.jpg"), 64, 48, 16, 3,
            new HideAndRevealOptions { PanX = 2, PanY = 1 });
        var flow = new GroundTruthOpticalFlow(hide.Sequence);

        Assert.Equal("ground-truth", flow.Name);
        Assert.Equal(16, flow.Frames.Count);
        foreach (var (a, b) in new[] { (0, 1), (1, 0), (hide.FirstHidden, hide.FirstRevealed), (15, 2) })
        {
            // The occluder moves unlike the background, so a mix-up of indices would show.
            Assert.Equal(hide.Sequence.Flow(a, b).Data, flow.Compute(flow.Frames[a], flow.Frames[b]).Data);
        }
        Assert.Equal(hide.Sequence.Frame(4).Pixels, flow.Frames[4].Pixels);
    }

    [Fact]
    public void Compute_WithACopyOfAFrame_ThrowsSayingFramesAreKnownByIdentity()
    {
        var sequence = SyntheticSequences.Pan(photos.Get("fruits.jpg"), 32, 32, 3, 1, 0);
        var flow = new GroundTruthOpticalFlow(sequence);
        var copy = new RgbFrame(32, 32, (byte[])flow.Frames[1].Pixels.Clone());

        var error = Assert.Throws<ArgumentException>(() => flow.Compute(flow.Frames[0], copy));

        Assert.Equal("to", error.ParamName);
        Assert.Contains("GroundTruthOpticalFlow.Frames", error.Message);
    }
}
