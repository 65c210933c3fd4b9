using StyleFarm.Kernels.Network;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Network;

public class NetworkInputTests
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];

    [Fact]
    public void Eq15InputIsTheCentredFrameThePriorMaskedByItsMaskAndTheMask()
    {
        using var scope = NewDisposeScope();
        var frame = tensor(new float[] { 0.1f, 0.9f, 0.5f, 0.2f, 0.3f, 0.7f }, [1, 3, 1, 2]);
        var prior = tensor(new float[] { 1f, 0f, 0.25f, 0.75f, 0.6f, 0.4f }, [1, 3, 1, 2]);
        var mask = tensor(new float[] { 1f, 0.5f }, [1, 1, 1, 2]);

        var input = NetworkInput.Build(frame, new PriorImage(prior, mask)).data<float>().ToArray();

        var f = frame.data<float>().ToArray();
        var p = prior.data<float>().ToArray();
        var c = new[] { 1f, 0.5f };
        for (var ch = 0; ch < 3; ch++)
        {
            for (var x = 0; x < 2; x++)
            {
                Assert.Equal(f[ch * 2 + x] - Mean[ch], input[ch * 2 + x], 6);
                Assert.Equal(c[x] * (p[ch * 2 + x] - Mean[ch]), input[(3 + ch) * 2 + x], 6);
            }
        }
        Assert.Equal(c, input[12..14]);
    }

    [Fact]
    public void AnEmptyPriorIsTheMeanPixelWithMaskZero()
    {
        using var scope = NewDisposeScope();
        var frame = rand(2, 3, 4, 5);

        var input = NetworkInput.Build(frame, null);

        Assert.Equal([2, 7, 4, 5], input.shape);
        Assert.Equal(0f, input.narrow(1, 3, 4).abs().max().item<float>());
    }

    [Fact]
    public void AMaskedOutPriorReadsAsAnEmptyOne()
    {
        using var scope = NewDisposeScope();
        var frame = rand(1, 3, 4, 5);

        var empty = NetworkInput.Build(frame, null);
        var masked = NetworkInput.Build(frame, new PriorImage(rand(1, 3, 4, 5), zeros(1, 1, 4, 5)));

        Assert.True(empty.equal(masked).all().item<bool>());
    }

    [Fact]
    public void ErodeIsAMinimumFilterThatDoesNotErodeFromTheBorder()
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Repeat(1f, 49).ToArray();
        values[3 * 7 + 3] = 0f; // one unreliable pixel in the middle of a 7×7 mask
        var mask = tensor(values, [1, 1, 7, 7]);

        var eroded = PriorImage.Erode(mask, 3).data<float>().ToArray();

        for (var y = 0; y < 7; y++)
            for (var x = 0; x < 7; x++)
                Assert.Equal(Math.Abs(x - 3) <= 1 && Math.Abs(y - 3) <= 1 ? 0f : 1f, eroded[y * 7 + x]);
    }

    [Fact]
    public void APriorOfAnotherSizeIsRefused()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => NetworkInput.Build(rand(1, 3, 4, 5), new PriorImage(rand(1, 3, 4, 4), ones(1, 1, 4, 4))));
        Assert.Contains("does not match the frames", error.Message);
    }
}
