using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The seam error: pairs across segment boundaries against pairs inside segments (ALGORITHMS.md §8).</summary>
public sealed class SeamErrorTests : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public void TheRatioIsTheMeanSeamErrorOverTheMeanInsideError()
    {
        var error = SeamError.Of([(FramePairKind.Inside, 0.01), (FramePairKind.Seam, 0.03), (FramePairKind.Inside, 0.02), (FramePairKind.Seam, 0.06)]);

        Assert.Equal((2, 0.045, 2, 0.015), (error.SeamPairs, error.SeamTemporalError, error.InsidePairs, error.InsideTemporalError));
        Assert.Equal(3.0, error.Ratio!.Value, 12);
    }

    [Fact]
    public void ARenderWithoutSeamsHasNoRatioAndErrorFreeSeamsRatioOne()
    {
        Assert.Null(SeamError.Of([(FramePairKind.Inside, 0.01)]).Ratio);
        Assert.Equal(1.0, SeamError.Of([(FramePairKind.Inside, 0), (FramePairKind.Seam, 0)]).Ratio);
        Assert.Equal(double.PositiveInfinity, SeamError.Of([(FramePairKind.Inside, 0), (FramePairKind.Seam, 1e-3)]).Ratio);
    }

    [Fact]
    public async Task AFinishedJobsPairsAreSortedBySegmentAndMeasuredWithTheirFlows()
    {
        // Six flat grey frames, segments [0, 3) and [3, 6) with a halo of 1, still camera (zero flow, every pixel visible).
        float[] levels = [0.1f, 0.2f, 0.3f, 0.6f, 0.7f, 0.8f];
        var spec = TestFarm.Spec("unused.mkv", "unused.mkv", passes: 1, segmentLength: 3, halo: 1);
        var job = await FinishedJob.WriteAsync(_farm, spec, levels, 16, 12);
        var services = _farm.Services();

        var error = await JobSeamError.ComputeAsync(services, job, CancellationToken.None);

        // Frames are stored at 16 bits: the expected errors use the stored levels (quantized in float, as Png16 does).
        var stored = levels.Select(v => (double)((ushort)Math.Round(v * 65535f) / 65535f)).ToArray();
        double Squared(int t) => (stored[t + 1] - stored[t]) * (stored[t + 1] - stored[t]);
        Assert.Equal((1, 4), (error.SeamPairs, error.InsidePairs));
        Assert.Equal(Squared(2), error.SeamTemporalError, 1e-6);
        Assert.Equal((Squared(0) + Squared(1) + Squared(3) + Squared(4)) / 4, error.InsideTemporalError, 1e-6);
        Assert.Equal(9.0, error.Ratio!.Value, 2);
    }

    public void Dispose() => _farm.Dispose();
}
