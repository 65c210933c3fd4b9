using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;
using StyleFarm.Kernels.Tests.Models;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Network;

public class NetworkModelFileTests
{
    private static readonly NetworkArchitecture Tiny = new() { Channels = 4, ResidualBlocks = 1 };

    internal static NetworkModelHeader Header(NetworkArchitecture architecture) => new()
    {
        Architecture = architecture,
        MaskErosion = 5,
        Style = new StyleSource("starry_night.jpg", new string('a', 64), 384, 304),
        Training = new TrainingOptions { Iterations = 12, ImageSize = 64, Architecture = architecture },
        IterationsTrained = 12,
        FeatureNetwork = new FeatureNetworkSource("vgg16", "seeded random vgg16 weights (seed 0)", true),
        LossCurve = [new LossPoint(6, 2, 0.1, 0.2, 0.3, 0), new LossPoint(12, 5, 0.05, 0.1, 0.1, 0)],
    };

    [Fact]
    public void ASavedModelLoadsWithItsHeaderAndStylizesBitForBitAsTheNetworkItWasSavedFrom()
    {
        using var folder = new TempFolder();
        using var scope = NewDisposeScope();
        using var network = new TransformerNetwork(Tiny, 5);
        network.eval();
        var path = folder.File("tiny.safetensors");
        NetworkModelFile.Save(path, network, Header(Tiny));
        var input = NetworkInput.Build(rand([1, 3, 30, 34], generator: new TorchSharp.torch.Generator(2)), null);

        using var model = NetworkModelFile.Load(path);

        Assert.Equal(Tiny, model.Header.Architecture);
        Assert.Equal(5, model.Header.MaskErosion);
        Assert.Equal("starry_night.jpg", model.Header.Style.Name);
        Assert.Equal(64, model.Header.Training.ImageSize);
        Assert.Equal("vgg16", model.Header.FeatureNetwork.Name);
        Assert.Equal(2, model.Header.LossCurve.Count);
        Assert.Equal(0.6, model.Header.LossCurve[0].Total, 12);
        Assert.True(network.call(input).equal(model.Network.call(input)).all().item<bool>());
        Assert.Equal(NetworkModelFile.ReadHeader(path).ToJson(), model.Header.ToJson());
        Assert.Single(Directory.GetFiles(folder.Path)); // no temporary file left behind
    }

    [Fact]
    public void AMissingFileIsReportedByName()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => NetworkModelFile.Load(folder.File("none.safetensors")));
        Assert.Contains("none.safetensors", error.Message);
    }

    [Fact]
    public void AFileThatIsNotSafetensorsIsRefusedWithItsName()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.safetensors");
        File.WriteAllText(path, "this is not a model");

        var error = Assert.Throws<InvalidModelFileException>(() => NetworkModelFile.Load(path));

        Assert.StartsWith(path + ":", error.Message);
    }

    [Fact]
    public void FeatureNetworkWeightsAreNotANetworkModel()
    {
        using var folder = new TempFolder();
        var path = folder.File("vgg.safetensors");
        new SafeTensorsWriter().Add("features.0.weight", [1], [1f]).Write(path);

        var error = Assert.Throws<InvalidModelFileException>(() => NetworkModelFile.Load(path));

        Assert.Contains("has no 'stylefarm' header", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("{not json", "is not a network model header")]
    [InlineData("{\"format\":\"something-else\",\"version\":1,\"architecture\":{\"channels\":4,\"residualBlocks\":1},\"style\":{\"name\":\"a\",\"sha256\":\"b\",\"width\":1,\"height\":1},\"training\":{},\"featureNetwork\":{\"name\":\"vgg16\",\"weights\":\"w\",\"random\":true}}", "format 'something-else'")]
    [InlineData("{\"format\":\"stylefarm-video-network\",\"version\":9,\"architecture\":{\"channels\":4,\"residualBlocks\":1},\"style\":{\"name\":\"a\",\"sha256\":\"b\",\"width\":1,\"height\":1},\"training\":{},\"featureNetwork\":{\"name\":\"vgg16\",\"weights\":\"w\",\"random\":true}}", "version 9")]
    [InlineData("{\"format\":\"stylefarm-video-network\",\"version\":1,\"architecture\":{\"channels\":0,\"residualBlocks\":1},\"style\":{\"name\":\"a\",\"sha256\":\"b\",\"width\":1,\"height\":1},\"training\":{},\"featureNetwork\":{\"name\":\"vgg16\",\"weights\":\"w\",\"random\":true}}", "architecture is invalid")]
    public void AWrongHeaderIsRefusedSayingWhatIsWrong(string header, string problem)
    {
        using var folder = new TempFolder();
        var path = folder.File("model.safetensors");
        new SafeTensorsWriter().AddMetadata("stylefarm", header).Add("conv1.conv.weight", [1], [1f]).Write(path);

        var error = Assert.Throws<InvalidModelFileException>(() => NetworkModelFile.Load(path));

        Assert.Contains(problem, error.Message);
        Assert.StartsWith(path + ":", error.Message);
    }

    [Fact]
    public void TensorsThatDoNotFitTheHeadersArchitectureAreListed()
    {
        using var folder = new TempFolder();
        using var network = new TransformerNetwork(Tiny, 0);
        var path = folder.File("model.safetensors");
        // Weights of a 4-channel network under a header that says 8 channels.
        NetworkModelFile.Save(path, network, Header(Tiny));
        var rewritten = folder.File("lying.safetensors");
        var writer = new SafeTensorsWriter().AddMetadata("stylefarm", (Header(Tiny) with { Architecture = Tiny with { Channels = 8 } }).ToJson());
        foreach (var (name, values, shape) in NetworkModelFile.Weights(network)) writer.Add(name, shape, values);
        writer.Write(rewritten);

        var error = Assert.Throws<InvalidModelFileException>(() => NetworkModelFile.Load(rewritten));

        Assert.Contains("does not fit its header's network", error.Message);
        Assert.Contains("tensor 'conv1.conv.weight' has shape [4, 7, 9, 9], expected [8, 7, 9, 9]", error.Message);
    }

    [Fact]
    public void AMissingTensorIsNamed()
    {
        using var folder = new TempFolder();
        using var network = new TransformerNetwork(Tiny, 0);
        var path = folder.File("model.safetensors");
        var writer = new SafeTensorsWriter().AddMetadata("stylefarm", Header(Tiny).ToJson());
        foreach (var (name, values, shape) in NetworkModelFile.Weights(network).Where(w => w.Name != "output.bias")) writer.Add(name, shape, values);
        writer.Write(path);

        var error = Assert.Throws<InvalidModelFileException>(() => NetworkModelFile.Load(path));

        Assert.Contains("tensor 'output.bias' is missing (expected shape [3])", error.Message);
    }
}
