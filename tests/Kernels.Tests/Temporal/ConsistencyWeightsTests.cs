using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Temporal;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static StyleFarm.Kernels.Tests.Temporal.OccluderFlows;

namespace StyleFarm.Kernels.Tests.Temporal;

public sealed class ConsistencyWeightsTests(ITestOutputHelper output)
{
    [Fact]
    public void UncoveredBandOfAMovingOccluderIsZeroAndTheRestIsOne()
    {
        var weights = ConsistencyMap.Compute(Backward(), Forward(), ConsistencyOptions.Paper);
        float At(int x, int y) => weights[y * Width + x];

        // Inside the uncovered band (x = 20..23), away from the occluder's top and bottom edges.
        for (var y = Top + 3; y < Top + OccluderFlows.Size - 3; y++)
        for (var x = Left + 1; x < Left + Step; x++)
            Assert.True(At(x, y) < 0.05f, $"weight at ({x},{y}) is {At(x, y)}, expected ~0 (disoccluded)");
        // Far from the band and from the occluder's motion boundaries: fully reliable.
        var reliable = 0;
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var nearOccluder = x >= Left - 3 && x < Left + Step + OccluderFlows.Size + 3 && y >= Top - 3 && y < Top + OccluderFlows.Size + 3;
            if (nearOccluder) continue;
            Assert.True(At(x, y) > 0.999f, $"weight at ({x},{y}) is {At(x, y)}, expected 1");
            reliable++;
        }
        // The moving occluder's own interior is consistent too (its pixels came from A's occluder).
        for (var y = Top + 3; y < Top + OccluderFlows.Size - 3; y++)
        for (var x = Left + Step + 3; x < Left + Step + OccluderFlows.Size - 3; x++)
            Assert.True(At(x, y) > 0.999f, $"occluder weight at ({x},{y}) is {At(x, y)}, expected 1");
        output.WriteLine($"{reliable} background pixels at weight 1; band centre weight {At(Left + 2, Top + 8):F4}");
    }

    [Fact]
    public void UnsmoothedWeightsAreExactlyBinary()
    {
        var weights = ConsistencyMap.Compute(Backward(), Forward(), ConsistencyOptions.Paper with { SmoothingSigma = 0 });

        Assert.All(weights, w => Assert.True(w is 0f or 1f));
        // The whole uncovered band is 0 on the occluder's rows.
        for (var x = Left; x < Left + Step; x++) Assert.Equal(0f, weights[(Top + 8) * Width + x]);
        // Motion boundaries: the columns either side of the moving occluder's left edge.
        Assert.Equal(0f, weights[(Top + 8) * Width + Left + Step]);
        Assert.Equal(1f, weights[(Top + 8) * Width + Left + Step + 2]);
    }

    [Fact]
    public void PixelsMovedOutOfTheImageGetWeightZero()
    {
        var outward = FlowField.Uniform(32, 8, 5f, 0f);
        var inward = FlowField.Uniform(32, 8, -5f, 0f);

        var weights = ConsistencyMap.Compute(outward, inward, ConsistencyOptions.Paper with { SmoothingSigma = 0 });

        for (var y = 0; y < 8; y++)
        for (var x = 0; x < 32; x++)
            Assert.Equal(x + 5 <= 31 ? 1f : 0f, weights[y * 32 + x]);
    }

    [Fact]
    public void SmoothingUsesTheNormalisedFiveTapGaussianOfSigmaPointEight()
    {
        // A single unreliable column: after separable smoothing its profile is 1 − the Gaussian taps.
        var flow = new FlowField(16, 8);
        var other = new FlowField(16, 8);
        for (var y = 0; y < 8; y++) other.Set(8, y, 3f, 0f); // only x = 8 fails the round trip
        var weights = ConsistencyMap.Compute(flow, other, ConsistencyOptions.Paper);

        var taps = Enumerable.Range(-2, 5).Select(k => Math.Exp(-k * k / (2 * 0.8 * 0.8))).ToArray();
        var sum = taps.Sum();
        for (var k = -2; k <= 2; k++)
            Assert.Equal(1 - taps[k + 2] / sum, weights[4 * 16 + 8 + k], 5);
    }

    [Fact]
    public void FlowsOfDifferentSizesAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ConsistencyMap.Compute(new FlowField(8, 8), new FlowField(8, 9), ConsistencyOptions.Paper));
        Assert.Contains("8x8", error.Message);
    }
}
