using StyleFarm.Kernels.Temporal;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Temporal;

public sealed class LongTermWeightsTests
{
    [Fact]
    public void EachPixelIsTiedOnlyToTheClosestFrameWhereItIsVisible()
    {
        using var scope = NewDisposeScope();
        var c1 = tensor([1f, 1f, 0f, 0f, 0.5f], [1, 1, 1, 5]);
        var c10 = tensor([1f, 0f, 1f, 0f, 0.5f], [1, 1, 1, 5]);
        var c20 = tensor([1f, 1f, 1f, 1f, 1f], [1, 1, 1, 5]);

        // Given out of order on purpose: the rule depends on the offsets, not on the list order.
        var result = LongTermWeights.Compute([(20, c20), (1, c1), (10, c10)]);

        Assert.Equal([20, 1, 10], result.Select(r => r.Offset).ToArray());
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 0f }, result[0].Weights.data<float>().ToArray());
        Assert.Equal(new[] { 1f, 1f, 0f, 0f, 0.5f }, result[1].Weights.data<float>().ToArray());
        Assert.Equal(new[] { 0f, 0f, 1f, 0f, 0f }, result[2].Weights.data<float>().ToArray());
    }

    [Fact]
    public void RepeatedOrNonPositiveOffsetsAreRejected()
    {
        using var scope = NewDisposeScope();
        var c = ones([1, 1, 2, 2]);
        Assert.Throws<ArgumentException>(() => LongTermWeights.Compute([(1, c), (1, c)]));
        Assert.Throws<ArgumentException>(() => LongTermWeights.Compute([(0, c)]));
    }
}
