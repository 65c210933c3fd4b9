using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Models;

namespace StyleFarm.Kernels.Tests.Models;

public sealed class VggLayoutTests
{
    [Fact]
    public void Vgg19LayersAreNumberedAsTorchvisionNumbersThem()
    {
        var layout = Vgg19Layout.Features;
        Assert.Equal(37, layout.Layers.Count);
        Assert.Equal([0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34], Indices(layout, FeatureLayerKind.Conv));
        Assert.Equal([1, 3, 6, 8, 11, 13, 15, 17, 20, 22, 24, 26, 29, 31, 33, 35], Indices(layout, FeatureLayerKind.Relu));
        Assert.Equal([4, 9, 18, 27, 36], Indices(layout, FeatureLayerKind.MaxPool));
        Assert.Equal(1, layout.IndexOf("relu1_1"));
        Assert.Equal(6, layout.IndexOf("relu2_1"));
        Assert.Equal(11, layout.IndexOf("relu3_1"));
        Assert.Equal(20, layout.IndexOf("relu4_1"));
        Assert.Equal(21, layout.IndexOf("conv4_2"));
        Assert.Equal(22, layout.IndexOf("relu4_2"));
        Assert.Equal(29, layout.IndexOf("relu5_1"));
        Assert.Equal(35, layout.IndexOf("relu5_4"));
        Assert.Equal("pool3", layout.Layers[18].Name);
    }

    [Fact]
    public void Vgg19RequiresTheConvWeightsOfFeatures0To28WithTorchvisionShapes()
    {
        var layout = Vgg19Layout.Features;
        Assert.Equal("relu5_1", layout.DeepestLayer.Name);
        Assert.Equal(30, layout.RequiredLayers.Count);
        (int Index, long Out, long In)[] convs =
        [
            (0, 64, 3), (2, 64, 64), (5, 128, 64), (7, 128, 128), (10, 256, 128), (12, 256, 256), (14, 256, 256),
            (16, 256, 256), (19, 512, 256), (21, 512, 512), (23, 512, 512), (25, 512, 512), (28, 512, 512),
        ];
        var expected = convs.SelectMany(c => new[]
        {
            ($"features.{c.Index}.weight", new[] { c.Out, c.In, 3, 3 }),
            ($"features.{c.Index}.bias", new[] { c.Out }),
        });
        Assert.Equal(expected.Select(e => e.Item1), layout.RequiredTensors.Select(t => t.Name));
        Assert.Equal(expected.Select(e => TensorShape.Format(e.Item2)), layout.RequiredTensors.Select(t => TensorShape.Format(t.Shape)));
    }

    [Fact]
    public void Vgg16LayersAndRequiredTensorsStopAtRelu4_3()
    {
        var layout = Vgg16Layout.Features;
        Assert.Equal(31, layout.Layers.Count);
        Assert.Equal([0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28], Indices(layout, FeatureLayerKind.Conv));
        Assert.Equal([4, 9, 16, 23, 30], Indices(layout, FeatureLayerKind.MaxPool));
        Assert.Equal(3, layout.IndexOf("relu1_2"));
        Assert.Equal(8, layout.IndexOf("relu2_2"));
        Assert.Equal(15, layout.IndexOf("relu3_3"));
        Assert.Equal(22, layout.IndexOf("relu4_3"));
        Assert.Equal("relu4_3", layout.DeepestLayer.Name);
        Assert.Equal(20, layout.RequiredTensors.Count);
        Assert.Equal("features.21.bias", layout.RequiredTensors[^1].Name);
        Assert.Equal("[512, 512, 3, 3]", TensorShape.Format(layout.RequiredTensors[^2].Shape));
        Assert.Equal("[256, 128, 3, 3]", TensorShape.Format(layout["conv3_1"].WeightShape));
    }

    [Fact]
    public void UnknownLayerNameIsRejectedListingTheLayers()
    {
        var e = Assert.Throws<ArgumentException>(() => Vgg19Layout.Features.IndexOf("relu6_1"));
        Assert.Contains("vgg19 has no layer 'relu6_1'", e.Message);
        Assert.Contains("relu5_4, pool5", e.Message);
    }

    [Fact]
    public void ImageNetNormalizationUsesTorchvisionConstantsChannelMajor()
    {
        Assert.Equal([0.485f, 0.456f, 0.406f], ImageNetNormalization.Mean);
        Assert.Equal([0.229f, 0.224f, 0.225f], ImageNetNormalization.Std);
        // 2×1 frame: pixel 0 = (0, 128, 255), pixel 1 = (255, 0, 51).
        var frame = new RgbFrame(2, 1, [0, 128, 255, 255, 0, 51]);
        var chw = ImageNetNormalization.ToNormalizedChw(frame);
        float N(int v, int c) => (v / 255f - ImageNetNormalization.Mean[c]) / ImageNetNormalization.Std[c];
        Assert.Equal([N(0, 0), N(255, 0), N(128, 1), N(0, 1), N(255, 2), N(51, 2)], chw);
        Assert.Equal(-2.117904, chw[0], 5);
        Assert.Equal(2.64, chw[4], 5);
    }

    private static int[] Indices(FeatureNetworkLayout layout, FeatureLayerKind kind) =>
        layout.Layers.Where(l => l.Kind == kind).Select(l => l.Index).ToArray();
}
