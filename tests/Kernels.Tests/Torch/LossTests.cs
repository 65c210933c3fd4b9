using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class LossTests
{
    [Fact]
    public void MseLossReducesSquaredDifferencesByMeanSumOrNone()
    {
        using var scope = NewDisposeScope();
        var input = tensor(new[] { 1f, 2f, 3f });
        var target = tensor(new[] { 1f, 1f, 1f });
        Assert.Equal(5f / 3f, F.mse_loss(input, target).item<float>());
        Assert.Equal(5f, F.mse_loss(input, target, nn.Reduction.Sum).item<float>());
        TensorAssert.Equal([3], [0, 1, 4], F.mse_loss(input, target, nn.Reduction.None));
    }
}
