using StyleFarm.Kernels.Network;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Network;

public class TransformerNetworkTests
{
    [Fact]
    public void ThePapersNetworkHasTheArchitectureTablesLayersAndShapes()
    {
        using var network = new TransformerNetwork(NetworkArchitecture.Paper, 0);
        var shapes = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal([32, 7, 9, 9], shapes["conv1.conv.weight"]);     // c9s1-32 on 7 input channels
        Assert.Equal([32], shapes["conv1.norm.weight"]);               // instance norm with a learned scale …
        Assert.Equal([32], shapes["conv1.norm.bias"]);                 // … and shift
        Assert.Equal([64, 32, 3, 3], shapes["down1.conv.weight"]);     // d64
        Assert.Equal([128, 64, 3, 3], shapes["down2.conv.weight"]);    // d128
        for (var b = 0; b < 5; b++)                                    // R128 × 5
        {
            Assert.Equal([128, 128, 3, 3], shapes[$"residuals.{b}.conv1.weight"]);
            Assert.Equal([128, 128, 3, 3], shapes[$"residuals.{b}.conv2.weight"]);
            Assert.Equal([128], shapes[$"residuals.{b}.norm2.bias"]);
        }
        Assert.DoesNotContain("residuals.5.conv1.weight", shapes.Keys);
        Assert.Equal([64, 128, 3, 3], shapes["up1.conv.weight"]);      // U2, c3s1-64
        Assert.Equal([32, 64, 3, 3], shapes["up2.conv.weight"]);       // U2, c3s1-32
        Assert.Equal([3, 32, 9, 9], shapes["output.weight"]);          // c9s1-3
        Assert.DoesNotContain(shapes.Keys, k => k.StartsWith("output.norm", StringComparison.Ordinal)); // no norm after the last layer
        // 7·32·81 + 32·64·9 + 64·128·9 + 10·128²·9 + 128·64·9 + 64·32·9 + 32·3·81 weights, their biases and the norms' scales and shifts.
        Assert.Equal(1_689_603, network.parameters().Sum(p => p.numel()));
        Assert.Equal(56, NetworkArchitecture.Paper.InputPadding);
    }

    [Theory]
    [InlineData(64, 48)]
    [InlineData(50, 37)] // sides not divisible by 4: padded a little more and cropped back
    public void OutputHasTheFramesSizeAndValuesInTheUnitRange(int width, int height)
    {
        using var scope = NewDisposeScope();
        using var network = new TransformerNetwork(new NetworkArchitecture { Channels = 8, ResidualBlocks = 2 }, 3);
        var frame = rand([2, 3, height, width], generator: new TorchSharp.torch.Generator(1));

        var x = network.call(NetworkInput.Build(frame, null));

        Assert.Equal([2, 3, height, width], x.shape);
        Assert.True(x.min().item<float>() >= 0f && x.max().item<float>() <= 1f);
        Assert.True(x.std().item<float>() > 1e-4f, "a seeded network's output should not be constant");
    }

    [Fact]
    public void OnlyTheInputIsPadded_SoAFlatFrameGivesAFlatOutputToTheVeryEdge()
    {
        // Zero padding in a layer near the edge would make the border pixels differ from the inside (a rim).
        using var scope = NewDisposeScope();
        using var network = new TransformerNetwork(new NetworkArchitecture { Channels = 4, ResidualBlocks = 1 }, 5);
        var frame = full([1, 3, 30, 41], 0.3f);
        frame[0, 1] = full([30, 41], 0.7f);
        var prior = new PriorImage(full([1, 3, 30, 41], 0.5f), ones([1, 1, 30, 41]));

        var x = network.call(NetworkInput.Build(frame, prior));

        var perChannel = x.flatten(2);
        Assert.Equal(0f, (perChannel.max(2).values - perChannel.min(2).values).max().item<float>(), 6);
        Assert.True(x.std(dimensions: [1]).mean().item<float>() > 1e-5f, "the channels should differ");
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOtherOnes()
    {
        var architecture = new NetworkArchitecture { Channels = 4, ResidualBlocks = 1 };
        using var a = new TransformerNetwork(architecture, 7);
        using var b = new TransformerNetwork(architecture, 7);
        using var c = new TransformerNetwork(architecture, 8);
        var wa = NetworkModelFile.Weights(a).ToList();
        var wb = NetworkModelFile.Weights(b).ToList();
        var wc = NetworkModelFile.Weights(c).ToList();

        Assert.Equal(wa.SelectMany(w => w.Values), wb.SelectMany(w => w.Values));
        Assert.NotEqual(wa.Single(w => w.Name == "conv1.conv.weight").Values, wc.Single(w => w.Name == "conv1.conv.weight").Values);
        // PyTorch's default init: convolutions uniform in ±1/√fan_in, norm scales 1 and shifts 0.
        var conv = wa.Single(w => w.Name == "conv1.conv.weight").Values;
        Assert.True(conv.Max() <= 1 / Math.Sqrt(7 * 81) && conv.Min() >= -1 / Math.Sqrt(7 * 81));
        Assert.All(wa.Single(w => w.Name == "conv1.norm.weight").Values, v => Assert.Equal(1f, v));
        Assert.All(wa.Single(w => w.Name == "conv1.norm.bias").Values, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AFrameSmallerThanThePaddingNeedsIsRefusedWithItsSize()
    {
        using var scope = NewDisposeScope();
        using var network = new TransformerNetwork(new NetworkArchitecture { Channels = 4, ResidualBlocks = 5 }, 0);

        var error = Assert.Throws<ArgumentException>(() => network.call(zeros(1, 7, 56, 64)));

        Assert.Contains("64×56", error.Message);
        Assert.Contains("60 pixels", error.Message);
    }

    [Fact]
    public void TheNetworkTakesSevenChannels()
    {
        using var scope = NewDisposeScope();
        using var network = new TransformerNetwork(new NetworkArchitecture { Channels = 4, ResidualBlocks = 1 }, 0);

        var error = Assert.Throws<ArgumentException>(() => network.call(zeros(1, 3, 32, 32)));

        Assert.Contains("[N, 7, H, W]", error.Message);
    }
}
