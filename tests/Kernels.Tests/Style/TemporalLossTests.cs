using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class TemporalLossTests
{
    [Fact]
    public void ShortTermLossIsTheWeightedSquaredDifferenceOverD()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4 }, [1, 2, 1, 2]);
        var omega = tensor(new float[] { 0, 0, 1, 1 }, [1, 2, 1, 2]);
        var c = tensor(new float[] { 1, 0.5f }, [1, 1, 1, 2]);
        // Channel 0: 1·1 + 0.5·4 = 3; channel 1: 1·4 + 0.5·9 = 8.5; D = 2·1·2 = 4.
        Assert.Equal(2.875f, TemporalLoss.Compute(x, omega, c).item<float>());
    }

    [Fact]
    public void LongTermLossSumsTheShortTermLossOfEachReference()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4 }, [1, 2, 1, 2]);
        var first = new TemporalReference(tensor(new float[] { 0, 0, 1, 1 }, [1, 2, 1, 2]), tensor(new float[] { 1, 0.5f }, [1, 1, 1, 2]));
        // Only the second pixel counts: channel 0 (2 − 1)² = 1, channel 1 (4 − 4)² = 0 → 1/4.
        var second = new TemporalReference(tensor(new float[] { 1, 1, 4, 4 }, [1, 2, 1, 2]), tensor(new float[] { 0, 1 }, [1, 1, 1, 2]));

        Assert.Equal(3.125f, LongTermTemporalLoss.Compute(x, [first, second]).item<float>());
        Assert.Equal(0f, LongTermTemporalLoss.Compute(x, []).item<float>());
    }

    [Fact]
    public void ShortTermLossGradientMatchesFiniteDifferences()
    {
        var omega = GradientCheck.Values(2 * 3 * 3 * 4, seed: 21);
        var c = GradientCheck.Values(2 * 3 * 4, seed: 22, low: 0, high: 1);
        GradientCheck.Matches(x =>
        {
            using var w = tensor(omega, [2, 3, 3, 4]);
            using var weights = tensor(c, [2, 1, 3, 4]);
            return TemporalLoss.Compute(x, w, weights);
        }, GradientCheck.Values(2 * 3 * 3 * 4, seed: 23), [2, 3, 3, 4]);
    }

    [Fact]
    public void LongTermLossGradientMatchesFiniteDifferences()
    {
        var omegas = new[] { GradientCheck.Values(3 * 3 * 4, seed: 31), GradientCheck.Values(3 * 3 * 4, seed: 32) };
        var cs = new[] { GradientCheck.Values(3 * 4, seed: 33, low: 0, high: 1), GradientCheck.Values(3 * 4, seed: 34, low: 0, high: 1) };
        GradientCheck.Matches(x =>
        {
            var references = omegas.Zip(cs, (w, c) => new TemporalReference(tensor(w, [1, 3, 3, 4]), tensor(c, [1, 1, 3, 4]))).ToList();
            return LongTermTemporalLoss.Compute(x, references);
        }, GradientCheck.Values(3 * 3 * 4, seed: 35), [1, 3, 3, 4]);
    }

    [Fact]
    public void WeightsWithAChannelPerColourAreRejected()
    {
        using var x = zeros([1, 3, 2, 2]);
        using var c = ones([1, 3, 2, 2]);
        var e = Assert.Throws<ArgumentException>(() => TemporalLoss.Compute(x, x, c));
        Assert.Contains("[1, 1, 2, 2]", e.Message);
        Assert.Contains("c has shape [1, 3, 2, 2]", e.Message);
    }
}
