using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Tests.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class StyleTargetsTests
{
    private static readonly FeatureNetworkLayout Small = new("small", [[4], [6]], "relu2_1");
    private static readonly string[] Layers = ["relu1_1", "relu2_1"];

    [Theory]
    [InlineData(16, 16, 128, 32, 1.0, 64, 64)]
    [InlineData(16, 16, 128, 32, 0.25, 32, 32)]
    [InlineData(40, 20, 50, 50, 1.0, 71, 35)]
    [InlineData(300, 100, 64, 48, 1.0, 96, 32)]
    public void StyleImageIsScaledToTheContentAreaTimesTheScaleKeepingItsAspect(
        int styleWidth, int styleHeight, int contentWidth, int contentHeight, double scale, int width, int height) =>
        Assert.Equal((width, height), StyleTargets.ScaledSize(styleWidth, styleHeight, contentWidth, contentHeight, scale));

    [Fact]
    public void TargetsOfAStyleImageOfTheContentSizeAreItsNormalisedGrams()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 3, "test"), Layers);
        manual_seed(5);
        var a = rand([1, 3, 10, 12]);
        using var targets = StyleTargets.Compute(network, a, 12, 10, Layers);

        Assert.Equal((12, 10), (targets.Width, targets.Height));
        Assert.Equal(Layers, targets.Layers);
        var features = network.Forward(a);
        foreach (var layer in Layers)
            Assert.Equal(GramMatrix.Normalized(features[layer]).data<float>().ToArray(), targets[layer].data<float>().ToArray());
        Assert.Equal([1, 6, 6], targets["relu2_1"].shape);
    }

    [Fact]
    public void ALargerStyleImageIsAveragedDownBeforeItsGramsAreTaken()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 3, "test"), Layers);
        manual_seed(6);
        var a = rand([1, 3, 32, 48]);
        // Content 12×8: the style goes 48×32 → 24×16 → 12×8 by two 2×2 averages, the same as one 4×4 average.
        using var targets = StyleTargets.Compute(network, a, 12, 8, Layers);
        var expected = GramMatrix.Normalized(network.Forward(nn.functional.avg_pool2d(a, [4]))["relu2_1"]);

        Assert.Equal((12, 8), (targets.Width, targets.Height));
        TensorAssert.Close(expected.data<float>().ToArray(), targets["relu2_1"], 1e-6);
    }

    [Fact]
    public void AnOddRatioIsResizedBilinearlyToTheScaledSize()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 3, "test"), Layers);
        manual_seed(7);
        var a = rand([1, 3, 9, 9]);
        using var targets = StyleTargets.Compute(network, a, 6, 6, Layers);
        var resized = nn.functional.interpolate(a, [6, 6], mode: InterpolationMode.Bilinear, align_corners: false);
        var expected = GramMatrix.Normalized(network.Forward(resized)["relu1_1"]);

        Assert.Equal((6, 6), (targets.Width, targets.Height));
        TensorAssert.Close(expected.data<float>().ToArray(), targets["relu1_1"], 1e-6);
    }

    [Fact]
    public void MissingLayersAndTooSmallStylesAreRejected()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Small, 3, "test"), ["relu1_1"]);
        var a = rand([1, 3, 8, 8]);
        Assert.Contains("request relu2_1 from it too",
            Assert.Throws<ArgumentException>(() => StyleTargets.Compute(network, a, 8, 8, Layers)).Message);

        using var deep = new FeatureNetwork(new RandomFeatureWeights(Small, 3, "test"), Layers);
        Assert.Contains("smaller than the 2×2 the network needs",
            Assert.Throws<ArgumentException>(() => StyleTargets.Compute(deep, a, 8, 8, Layers, styleScale: 0.01)).Message);
        Assert.Contains("(1, 3, H, W)",
            Assert.Throws<ArgumentException>(() => StyleTargets.Compute(deep, rand([2, 3, 8, 8]), 8, 8, Layers)).Message);
        using var targets = StyleTargets.Compute(deep, a, 8, 8, Layers);
        Assert.Contains("not 'relu3_1'", Assert.Throws<ArgumentException>(() => targets["relu3_1"]).Message);
    }
}
