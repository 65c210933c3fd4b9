using StyleFarm.Kernels.Models;

namespace StyleFarm.Kernels.Tests.Models;

public sealed class RandomFeatureWeightsTests
{
    private static readonly FeatureNetworkLayout Layout = new("net", [[64], [128]], "relu2_1");

    [Fact]
    public void SameSeedGivesIdenticalWeightsAndAnotherSeedDifferentOnes()
    {
        var a = new RandomFeatureWeights(Layout, 11, "test").Read("features.3.weight");
        var b = new RandomFeatureWeights(Layout, 11, "test").Read("features.3.weight");
        var c = new RandomFeatureWeights(Layout, 12, "test").Read("features.3.weight");
        Assert.Equal(a, b);
        Assert.True(a.Zip(c).Count(p => p.First != p.Second) > a.Length * 0.99);
    }

    [Fact]
    public void WeightsFollowKaimingFanOutStatisticsAndBiasesAreZero()
    {
        var weights = new RandomFeatureWeights(Layout, 3, "test");
        var w = weights.Read("features.3.weight"); // 128×64×3×3, fan_out = 128·9
        Assert.Equal(128 * 64 * 9, w.Length);
        var mean = w.Average(v => (double)v);
        var std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        var expected = Math.Sqrt(2.0 / (128 * 9));
        Assert.InRange(mean, -0.02 * expected, 0.02 * expected);
        Assert.InRange(std, 0.98 * expected, 1.02 * expected);
        Assert.All(weights.Read("features.3.bias"), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AskingForATensorTheLayoutDoesNotNeedIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new RandomFeatureWeights(Layout, 0, "test").Read("features.5.weight"));
        Assert.Contains("'features.5.weight' is not a tensor net needs up to relu2_1", e.Message);
    }
}
