using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Tests.Torch;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class FeatureNetworkTests(Vgg19PatternFile file, ITestOutputHelper output) : IClassFixture<Vgg19PatternFile>
{
    private const int Width = 64, Height = 48;

    [Fact]
    public void Vgg19LayerShapesForA64By48ImageAreExact()
    {
        output.WriteLine($"wrote the {file.Bytes / 1e6:F1} MB VGG-19 test file in {file.WriteTime.TotalMilliseconds:F0} ms");
        using var scope = NewDisposeScope();
        using var weights = FileFeatureWeights.Open(file.Path, Vgg19Layout.Features);
        using var network = new FeatureNetwork(weights, ["relu5_1", "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu4_2"]);

        var features = network.Forward(PatternImage());

        Assert.Equal(["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu4_2", "relu5_1"], features.Keys.OrderBy(network.Layout.IndexOf));
        Assert.Equal([1, 64, 48, 64], features["relu1_1"].shape);
        Assert.Equal([1, 128, 24, 32], features["relu2_1"].shape);
        Assert.Equal([1, 256, 12, 16], features["relu3_1"].shape);
        Assert.Equal([1, 512, 6, 8], features["relu4_1"].shape);
        Assert.Equal([1, 512, 6, 8], features["relu4_2"].shape);
        Assert.Equal([1, 512, 3, 4], features["relu5_1"].shape);
        Assert.Equal(16, network.MinimumInputSize);
    }

    [Theory]
    [InlineData(FeaturePadding.Zeros)]
    [InlineData(FeaturePadding.Replicate)]
    public void FirstLayerFromTheFileMatchesAHandComputedNormalisedConvolution(FeaturePadding padding)
    {
        using var scope = NewDisposeScope();
        using var weights = FileFeatureWeights.Open(file.Path, Vgg19Layout.Features);
        using var network = new FeatureNetwork(weights, ["relu1_1"], padding: padding);

        var relu = network.Forward(PatternImage())["relu1_1"].data<float>().ToArray();

        // A corner (where the padding is read), an edge and an interior pixel, all 64 channels.
        foreach (var (y, x) in new[] { (0, 0), (0, 30), (5, 7), (47, 63) })
        {
            for (var o = 0; o < 64; o++)
            {
                var expected = Math.Max(0, FirstLayer(o, y, x, padding));
                var actual = relu[(o * Height + y) * Width + x];
                Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                    $"relu1_1[{o}, {y}, {x}] with {padding} padding: expected {expected}, got {actual}");
            }
        }
        Assert.Contains(relu, v => v > 0.5f);
        Assert.Contains(relu, v => v == 0);
    }

    [Fact]
    public void RequestingOnlyRelu11ReadsOnlyTheFirstConvolutionAndComputesNothingDeeper()
    {
        using var scope = NewDisposeScope();
        var weights = new RecordingFeatureWeights(Vgg19Layout.Features, 4);
        using var network = new FeatureNetwork(weights, ["relu1_1"]);

        Assert.Equal(["features.0.weight", "features.0.bias"], weights.ReadNames);
        // A 1×1 image survives conv1_1 and relu1_1 but would fail pool1: so nothing past relu1_1 runs.
        Assert.Equal(1, network.MinimumInputSize);
        var features = network.Forward(rand([1, 3, 1, 1]));
        Assert.Equal(["relu1_1"], features.Keys);
        Assert.Equal([1, 64, 1, 1], features["relu1_1"].shape);
    }

    [Fact]
    public void RequestingPool1ReadsTheFirstTwoConvolutionsOnly()
    {
        var weights = new RecordingFeatureWeights(Vgg19Layout.Features, 4);
        using var network = new FeatureNetwork(weights, ["pool1"]);
        Assert.Equal(["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias"], weights.ReadNames);
        Assert.Equal(2, network.MinimumInputSize);
    }

    [Fact]
    public void TheModulesFixedParametersCarryTorchvisionsNamesAndNeedNoGradient()
    {
        var weights = new RecordingFeatureWeights(Vgg19Layout.Features, 4);
        using var network = new FeatureNetwork(weights, ["pool1"]);
        var parameters = network.named_parameters().ToList();
        Assert.Equal(["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias"], parameters.Select(p => p.name));
        Assert.All(parameters, p => Assert.False(p.parameter.requires_grad));
        Assert.Equal([64, 3, 3, 3], parameters[0].parameter.shape);
    }

    [Fact]
    public void RandomWeightNetworkIsDeterministicForASeed()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var image = rand([1, 3, 12, 10]);
        float[] Run(ulong seed)
        {
            using var network = new FeatureNetwork(new RandomFeatureWeights(Vgg19Layout.Features, seed, "test"), ["relu2_1"]);
            return network.Forward(image)["relu2_1"].data<float>().ToArray();
        }

        var first = Run(7);
        Assert.Equal(first, Run(7));
        Assert.NotEqual(first, Run(8));
        Assert.Contains(first, v => v > 0);
    }

    [Fact]
    public void ARequestedConvolutionKeepsItsNegativeValuesBesideItsRelu()
    {
        // The ReLU runs in place on a conv output nobody asked for, and out of place when it was asked for.
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Vgg19Layout.Features, 1, "test"), ["conv1_2", "relu1_2", "relu1_1"]);
        manual_seed(4);
        var features = network.Forward(rand([1, 3, 6, 5]));
        var conv = features["conv1_2"].data<float>().ToArray();
        Assert.Contains(conv, v => v < 0);
        Assert.Equal(conv.Select(v => Math.Max(v, 0f)).ToArray(), features["relu1_2"].data<float>().ToArray());
        Assert.DoesNotContain(features["relu1_1"].data<float>().ToArray(), v => v < 0);
    }

    [Fact]
    public void Vgg16LayoutWorksToo()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Vgg16Layout.Features, 2, "test"), ["relu3_3", "relu1_2"]);
        var features = network.Forward(rand([1, 3, 20, 24]));
        Assert.Equal([1, 64, 20, 24], features["relu1_2"].shape);
        Assert.Equal([1, 256, 5, 6], features["relu3_3"].shape);
    }

    [Fact]
    public void ImageGradientFlowsThroughTheNetworkButNeverIntoItsWeights()
    {
        using var scope = NewDisposeScope();
        using var network = new FeatureNetwork(new RandomFeatureWeights(Vgg19Layout.Features, 2, "test"), ["relu2_1"]);
        var x = rand([1, 3, 8, 8], requires_grad: true);
        var features = network.Forward(x);
        Assert.True(features["relu2_1"].requires_grad);
        features["relu2_1"].sum().backward();
        Assert.Contains(x.grad!.data<float>().ToArray(), g => g != 0);
        using (no_grad()) Assert.False(network.Forward(x)["relu2_1"].requires_grad);
    }

    [Fact]
    public void BadRequestsAndImagesAreRejectedWithTheReason()
    {
        using var scope = NewDisposeScope();
        var layout = Vgg19Layout.Features;
        Assert.Contains("has no layer 'relu9_9'",
            Assert.Throws<ArgumentException>(() => new FeatureNetwork(new RandomFeatureWeights(layout, 1, "t"), ["relu9_9"])).Message);
        Assert.Contains("layer 'relu5_2' is deeper",
            Assert.Throws<ArgumentException>(() => new FeatureNetwork(new RandomFeatureWeights(layout, 1, "t"), ["relu5_2"])).Message);
        Assert.Contains("at least one layer",
            Assert.Throws<ArgumentException>(() => new FeatureNetwork(new RandomFeatureWeights(layout, 1, "t"), [])).Message);

        using var network = new FeatureNetwork(new RandomFeatureWeights(layout, 1, "t"), ["relu3_1"]);
        Assert.Contains("(N, 3, H, W)", Assert.Throws<ArgumentException>(() => network.Forward(rand([1, 1, 8, 8]))).Message);
        Assert.Contains("at least 4×4 pixels", Assert.Throws<ArgumentException>(() => network.Forward(rand([1, 3, 3, 8]))).Message);
        Assert.Contains("Float64", Assert.Throws<ArgumentException>(() => network.Forward(rand([1, 3, 8, 8], ScalarType.Float64))).Message);
        network.Dispose();
        Assert.Throws<ObjectDisposedException>(() => network.Forward(rand([1, 3, 8, 8])));
    }

    [Collection(nameof(LiveTensorCountCollection))]
    public class Lifetime
    {
        [Fact]
        public void ForwardLeavesOnlyTheRequestedActivationsAlive()
        {
            using var network = new FeatureNetwork(new RandomFeatureWeights(Vgg19Layout.Features, 1, "test"), ["relu1_1", "relu3_1"]);
            using var image = rand([1, 3, 8, 8], requires_grad: true);
            var before = LiveTensors.Count;
            var features = network.Forward(image);
            Assert.Equal(before + 2, LiveTensors.Count);
            using (var sum = features["relu3_1"].sum()) sum.backward();
            foreach (var feature in features.Values) feature.Dispose();
            image.grad = null;
            Assert.Equal(before, LiveTensors.Count);
        }
    }

    // Element [c, y, x] of the test image: ((x + 2y + 3c) mod 11) / 10.
    private static double Pixel(int c, int y, int x) => (x + 2 * y + 3 * c) % 11 / 10.0;

    private static Tensor PatternImage()
    {
        var values = new float[3 * Height * Width];
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
            values[(c * Height + y) * Width + x] = (float)Pixel(c, y, x);
        return tensor(values, [1, 3, Height, Width]);
    }

    // conv1_1 at (o, y, x): bias + Σ w·(pixel − mean)/std over the 3×3 window; outside the image 0 (zeros) or the nearest pixel.
    private static double FirstLayer(int o, int y, int x, FeaturePadding padding)
    {
        double sum = Vgg19PatternFile.FirstBiases[o];
        for (var i = 0; i < 3; i++)
        for (var ky = 0; ky < 3; ky++)
        for (var kx = 0; kx < 3; kx++)
        {
            int yy = y + ky - 1, xx = x + kx - 1;
            var outside = yy < 0 || yy >= Height || xx < 0 || xx >= Width;
            if (outside && padding == FeaturePadding.Zeros) continue;
            (yy, xx) = (Math.Clamp(yy, 0, Height - 1), Math.Clamp(xx, 0, Width - 1));
            var normalised = ((double)(float)Pixel(i, yy, xx) - ImageNetNormalization.Mean[i]) / ImageNetNormalization.Std[i];
            sum += Vgg19PatternFile.FirstWeights[((o * 3 + i) * 3 + ky) * 3 + kx] * normalised;
        }
        return sum;
    }
}
