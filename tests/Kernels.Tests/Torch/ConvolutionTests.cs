using System.Runtime.InteropServices;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class ConvolutionTests
{
    // 1 2 3 / 4 5 6 / 7 8 9 as a (1, 1, 3, 3) image.
    private static Tensor Image() => tensor(new[] { 1f, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 1, 3, 3]);

    [Fact]
    public void TwoByTwoKernelMatchesTheHandComputedCorrelation()
    {
        using var scope = NewDisposeScope();
        var weight = tensor(new[] { 1f, 2, 3, 4 }, [1, 1, 2, 2]);
        // out[0,0] = 1·1 + 2·2 + 3·4 + 4·5 = 37, and so on (convolution in torch is cross-correlation).
        TensorAssert.Equal([1, 1, 2, 2], [37, 47, 67, 77], F.conv2d(Image(), weight));
        TensorAssert.Equal([1, 1, 2, 2], [38, 48, 68, 78], F.conv2d(Image(), weight, tensor(new[] { 1f })));
        TensorAssert.Equal([1, 1, 1, 1], [37], F.conv2d(Image(), weight, strides: [2]));
    }

    [Fact]
    public void PaddedThreeByThreeBoxSumsEachNeighbourhood()
    {
        using var scope = NewDisposeScope();
        var box = ones([1, 1, 3, 3]);
        TensorAssert.Equal([1, 1, 3, 3], [12, 21, 16, 27, 45, 33, 24, 39, 28], F.conv2d(Image(), box, padding: [1]));
        TensorAssert.Equal([1, 1, 1, 1], [45], F.conv2d(Image(), box));
        // Dilation 2 with padding 2 samples offsets −2, 0, 2 around pixel (0, 0): only the four corners are inside.
        TensorAssert.Equal([1, 1, 1, 1], [1 + 3 + 7 + 9], F.conv2d(Image(), box, padding: [2], dilation: [2], strides: [3]));
    }

    [Fact]
    public void GroupsConvolveEachChannelWithItsOwnFilter()
    {
        using var scope = NewDisposeScope();
        var twoChannels = cat([Image(), Image() * 10], 1);
        var weight = tensor(new[] { 1f, 0, 0, 0, 0, 0, 0, 1 }, [2, 1, 2, 2]);
        TensorAssert.Equal([1, 2, 2, 2], [1, 2, 4, 5, 50, 60, 80, 90], F.conv2d(twoChannels, weight, groups: 2));
    }

    [Fact]
    public void ChannelMismatchRaisesLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => F.conv2d(ones([1, 2, 3, 3]), ones([1, 1, 2, 2])));
        Assert.Contains("channels", error.Message);
    }

    [Fact]
    public void WrongDtypeWeightRaisesLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => F.conv2d(Image(), ones([1, 1, 2, 2], float64)));
        Assert.Contains("Double", error.Message, StringComparison.OrdinalIgnoreCase);
    }

}
