using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Tests.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class FrameObjectiveTests
{
    private static readonly FeatureNetworkLayout Small = new("small", [[4], [6], [8]], "relu3_1");
    private const int H = 6, W = 7;
    private static readonly long[] Shape = [1, 3, H, W];

    private static readonly StyleEnergyOptions SmallOptions = new()
    {
        ContentLayer = "relu2_1",
        StyleLayers = [new("relu1_1", 1), new("relu2_1", 0.5), new("relu3_1", 2)],
        TotalVariationWeight = 0.1,
    };

    [Fact]
    public void DefaultsAreTheReferenceImplementationsWeightsAndLayers()
    {
        var o = new StyleEnergyOptions();
        Assert.Equal((5.0, 100.0, 1000.0, 1e-3, 1000.0, 1.0), (o.ContentWeight, o.StyleWeight, o.TemporalWeight, o.TotalVariationWeight, o.CoherenceWeight, o.StyleScale));
        Assert.Equal("relu4_2", o.ContentLayer);
        Assert.Equal(["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"], o.StyleLayers.Select(l => l.Layer));
        Assert.All(o.StyleLayers, l => Assert.Equal(1.0, l.Weight));
        Assert.Equal(["relu4_2", "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"], o.FeatureLayers);
    }

    [Fact]
    public void EnergyIsTheWeightedSumOfEveryLossTerm()
    {
        using var scope = NewDisposeScope();
        using var setup = new Setup(ScalarType.Float64);
        using var objective = setup.Objective(SmallOptions);
        var x = Image(50);

        var features = setup.Network.Forward(x);
        var content = ContentLoss.Compute(features["relu2_1"], setup.Network.Forward(setup.P)["relu2_1"]).item<double>();
        var style = StyleLoss.Compute(features, setup.Targets, SmallOptions.StyleLayers).item<double>();
        var temporal = LongTermTemporalLoss.Compute(x, setup.References).item<double>();
        var coherence = EnhancedCoherenceLoss.Compute(x, setup.Coherence.PreviousStylized, setup.P, setup.Coherence.PreviousContent).item<double>();
        var tv = TotalVariationLoss.Compute(x).item<double>();
        var expected = 5 * content + 100 * style + 1000 * temporal + 1000 * coherence + 0.1 * tv;

        var loss = objective.Loss(x).item<double>();
        var terms = objective.Measure(x);

        Assert.Equal(expected, loss, 1e-12 * expected);
        Assert.Equal(5 * content, terms.Content, 1e-12 * terms.Content);
        Assert.Equal(100 * style, terms.Style, 1e-12 * terms.Style);
        Assert.Equal(1000 * temporal, terms.Temporal, 1e-12 * terms.Temporal);
        Assert.Equal(1000 * coherence, terms.Coherence, 1e-12 * terms.Coherence);
        Assert.Equal(0.1 * tv, terms.TotalVariation, 1e-12 * terms.TotalVariation);
        Assert.Equal(loss, terms.Total, 1e-12 * loss);
        Assert.True(content > 0 && style > 0 && temporal > 0 && coherence > 0 && tv > 0);
    }

    [Fact]
    public void EvaluateReturnsTheEnergyAndLeavesItsGradientInXGrad()
    {
        using var scope = NewDisposeScope();
        using var setup = new Setup(ScalarType.Float64);
        using var objective = setup.Objective(SmallOptions);
        var x = Image(60).requires_grad_();
        var y = Image(60).requires_grad_();

        var evaluated = objective.Evaluate(x).item<double>();
        var loss = objective.Loss(y);
        loss.backward();

        Assert.Equal(loss.item<double>(), evaluated);
        Assert.Equal(y.grad!.data<double>().ToArray(), x.grad!.data<double>().ToArray());
        Assert.Contains(x.grad!.data<double>().ToArray(), g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void EnergyGradientMatchesFiniteDifferences()
    {
        using var setup = new Setup(ScalarType.Float64);
        using var objective = setup.Objective(SmallOptions);
        GradientCheck.Matches(objective.Loss, GradientCheck.Values(3 * H * W, seed: 61, low: 0, high: 1), Shape, tolerance: 1e-5);
    }

    [Fact]
    public void FrameInputsAreCachedAtConstruction()
    {
        using var scope = NewDisposeScope();
        using var setup = new Setup(ScalarType.Float32);
        using var objective = setup.Objective(SmallOptions);
        var x = Image(70, ScalarType.Float32);
        var before = objective.Loss(x).item<float>();

        // Changing the caller's frames afterwards changes nothing: P, √c·ω and the coherence targets were copied.
        setup.P.add_(0.25);
        setup.References[0].Warped.add_(0.5);
        setup.Coherence.PreviousStylized.mul_(0.5);

        Assert.Equal(before, objective.Loss(x).item<float>());
    }

    [Fact]
    public void TheContentFrameItselfHasNoContentTemporalOrVariationEnergyWhenThoseAreAllThereIs()
    {
        using var scope = NewDisposeScope();
        using var setup = new Setup(ScalarType.Float32);
        var options = SmallOptions with { StyleWeight = 0, TotalVariationWeight = 0, CoherenceWeight = 0 };
        using var objective = new FrameObjective(setup.Network, setup.Targets, setup.P, options,
            [new TemporalReference(setup.P, ones([1, 1, H, W]))]);
        var x = setup.P.clone().requires_grad_();

        using var loss = objective.Evaluate(x);

        Assert.Equal(0f, loss.item<float>());
        Assert.All(x.grad!.data<float>().ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void BadFramesAndSettingsAreRejectedWithTheReason()
    {
        using var scope = NewDisposeScope();
        using var setup = new Setup(ScalarType.Float32);
        using var objective = setup.Objective(SmallOptions);
        Assert.Contains("shape [1, 3, 6, 6]", Assert.Throws<ArgumentException>(() => objective.Loss(rand([1, 3, 6, 6]))).Message);
        Assert.Contains("requires_grad_", Assert.Throws<ArgumentException>(() => objective.Evaluate(rand([1, 3, H, W]))).Message);
        Assert.Contains("the energy also needs relu4_2",
            Assert.Throws<ArgumentException>(() => new FrameObjective(setup.Network, setup.Targets, setup.P)).Message);
        Assert.Contains("go down to -0.5", Assert.Throws<ArgumentException>(() => new FrameObjective(setup.Network, setup.Targets, setup.P, SmallOptions,
            [new TemporalReference(setup.P, full([1, 1, H, W], -0.5f))])).Message);
        Assert.Contains("StyleWeight must be a finite number ≥ 0",
            Assert.Throws<ArgumentException>(() => setup.Objective(SmallOptions with { StyleWeight = -1 })).Message);
        Assert.Contains("Float64", Assert.Throws<ArgumentException>(() => objective.Loss(rand(Shape, ScalarType.Float64))).Message);
    }

    [Collection(nameof(LiveTensorCountCollection))]
    public class Lifetime
    {
        [Fact]
        public void AnEvaluationLeavesOnlyItsLossAliveAndAFailedConstructionLeavesNothing()
        {
            using var setup = new Setup(ScalarType.Float32);
            using var objective = setup.Objective(SmallOptions);
            using var x = Image(80, ScalarType.Float32).requires_grad_();
            using (objective.Evaluate(x)) { }
            x.grad = null;
            var before = LiveTensors.Count;

            using (var loss = objective.Evaluate(x)) Assert.Equal(before + 1, LiveTensors.Count);
            x.grad = null;
            Assert.Equal(before, LiveTensors.Count);

            using var negative = full([1, 1, H, W], -1f);
            var afterInputs = LiveTensors.Count;
            Assert.Throws<ArgumentException>(() => new FrameObjective(setup.Network, setup.Targets, setup.P, SmallOptions,
                [setup.References[0], new TemporalReference(setup.P, negative)]));
            Assert.Equal(afterInputs, LiveTensors.Count);
        }
    }

    private static Tensor Image(int seed, ScalarType dtype = ScalarType.Float64) =>
        tensor(GradientCheck.Values(3 * H * W, seed, low: 0, high: 1), Shape, dtype: dtype);

    /// <summary>A small random-weight network, a style, a content frame, two temporal references and a coherence pair.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly DisposeScope _scope = NewDisposeScope();

        public Setup(ScalarType dtype)
        {
            Network = new FeatureNetwork(new RandomFeatureWeights(Small, 9, "test"), ["relu1_1", "relu2_1", "relu3_1"], dtype: dtype);
            Targets = StyleTargets.Compute(Network, Image(51, dtype), W, H, ["relu1_1", "relu2_1", "relu3_1"]);
            P = Image(52, dtype);
            References =
            [
                new TemporalReference(Image(53, dtype), tensor(GradientCheck.Values(H * W, 54, 0, 1), [1, 1, H, W], dtype: dtype)),
                new TemporalReference(Image(55, dtype), tensor(GradientCheck.Values(H * W, 56, 0, 1), [1, 1, H, W], dtype: dtype)),
            ];
            Coherence = new CoherenceReference(Image(57, dtype), Image(58, dtype));
        }

        public FeatureNetwork Network { get; }
        public StyleTargets Targets { get; }
        public Tensor P { get; }
        public IReadOnlyList<TemporalReference> References { get; }
        public CoherenceReference Coherence { get; }

        public FrameObjective Objective(StyleEnergyOptions options) => new(Network, Targets, P, options, References, Coherence);

        public void Dispose()
        {
            Targets.Dispose();
            Network.Dispose();
            _scope.Dispose();
        }
    }
}
