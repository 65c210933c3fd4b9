using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class StyleLossTests
{
    private static readonly FeatureNetworkLayout Small = new("small", [[4], [6], [8]], "relu3_1");

    [Fact]
    public void LayerTermIsTheMeanSquaredDifferenceOfNormalisedGrams()
    {
        using var scope = NewDisposeScope();
        var F = tensor(new float[] { 1, 2, 3, 4, 0, -1, 2, 5 }, [1, 2, 2, 2]);
        var A = tensor(new float[] { 1, 0, 0, 1 }, [1, 2, 2]);
        // Ĝ = [[3.75, 3], [3, 3.75]]; Ĝ − A = [[2.75, 3], [3, 2.75]]; (7.5625 + 9 + 9 + 7.5625) / 4.
        Assert.Equal(8.28125f, StyleLoss.Layer(F, A).item<float>());
    }

    [Fact]
    public void StyleLossSumsLayerTermsWithTheirWeights()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 5, "test"), ["relu1_1", "relu2_1"]);
        manual_seed(1);
        var a = rand([1, 3, 8, 8]);
        var x = rand([1, 3, 8, 8]);
        using var targets = StyleTargets.Compute(network, a, 8, 8, ["relu1_1", "relu2_1"]);
        var features = network.Forward(x);
        var first = StyleLoss.Layer(features["relu1_1"], targets["relu1_1"]).item<float>();
        var second = StyleLoss.Layer(features["relu2_1"], targets["relu2_1"]).item<float>();

        var total = StyleLoss.Compute(features, targets, [new("relu1_1", 2), new("relu2_1", 0.5)]).item<float>();

        Assert.Equal(2 * first + 0.5 * second, total, 1e-6 * total);
        Assert.True(first > 0 && second > 0);
    }

    [Fact]
    public void StyleLossIsZeroForTheStyleImageItselfAndPositiveForAnother()
    {
        using var scope = NewDisposeScope();
        string[] layers = ["relu1_1", "relu2_1", "relu3_1"];
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 2, "test"), layers);
        manual_seed(2);
        var a = rand([1, 3, 16, 12]);
        var other = rand([1, 3, 16, 12]);
        using var targets = StyleTargets.Compute(network, a, 12, 16, layers);
        var weights = layers.Select(l => new StyleLayerWeight(l)).ToList();

        Assert.Equal(0f, StyleLoss.Compute(network.Forward(a), targets, weights).item<float>());
        Assert.True(StyleLoss.Compute(network.Forward(other), targets, weights).item<float>() > 1e-6f);
    }

    [Fact]
    public void StyleLossGradientMatchesFiniteDifferences()
    {
        var target = GradientCheck.Values(3 * 3, seed: 7, low: 0, high: 0.5);
        GradientCheck.Matches(F =>
        {
            using var A = tensor(target, [1, 3, 3]);
            return StyleLoss.Layer(F, A);
        }, GradientCheck.Values(3 * 2 * 2, seed: 8), [1, 3, 2, 2]);
    }

    [Fact]
    public void ATargetWithTheWrongNumberOfChannelsIsRejected()
    {
        using var F = zeros([1, 3, 2, 2]);
        using var A = zeros([1, 4, 4]);
        var e = Assert.Throws<ArgumentException>(() => StyleLoss.Layer(F, A));
        Assert.Contains("[1, 3, 3]", e.Message);
    }

    [Fact]
    public void AStyleLayerTheFeaturesLackIsNamed()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 5, "test"), ["relu1_1", "relu2_1"]);
        using var targets = StyleTargets.Compute(network, rand([1, 3, 8, 8]), 8, 8, ["relu1_1", "relu2_1"]);
        var features = network.Forward(rand([1, 3, 8, 8]));
        features = features.Where(p => p.Key == "relu1_1").ToDictionary();
        var e = Assert.Throws<ArgumentException>(() => StyleLoss.Compute(features, targets, [new("relu1_1"), new("relu2_1")]));
        Assert.Contains("style layer 'relu2_1' is not among the features given (relu1_1)", e.Message);
    }
}
