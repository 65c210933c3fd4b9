using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class TotalVariationLossTests
{
    [Fact]
    public void TotalVariationIsTheSumOfSquaredNeighbourDifferencesOverChannels()
    {
        using var scope = NewDisposeScope();
        // Channel 0: [[1, 2, 4], [0, 3, 3]]: vertical 1 + 1 + 1, horizontal 1 + 4 + 9 + 0 → 17.
        // Channel 1: all 2 → 0.
        var x = tensor(new float[] { 1, 2, 4, 0, 3, 3, 2, 2, 2, 2, 2, 2 }, [1, 2, 2, 3]);
        Assert.Equal(17f, TotalVariationLoss.Compute(x).item<float>());
    }

    [Fact]
    public void ASingleRowHasOnlyHorizontalDifferences()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 0, 1, 3 }, [1, 1, 1, 3]);
        Assert.Equal(5f, TotalVariationLoss.Compute(x).item<float>());
    }

    [Fact]
    public void TotalVariationGradientMatchesFiniteDifferences() =>
        GradientCheck.Matches(TotalVariationLoss.Compute, GradientCheck.Values(2 * 3 * 4 * 5, seed: 11), [2, 3, 4, 5]);

    [Fact]
    public void ANonImageTensorIsRejected()
    {
        using var x = zeros([3, 4]);
        var e = Assert.Throws<ArgumentException>(() => TotalVariationLoss.Compute(x));
        Assert.Contains("(N, C, H, W)", e.Message);
    }
}
