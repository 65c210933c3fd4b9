using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class ContentLossTests
{
    [Fact]
    public void ContentLossIsTheMeanSquaredFeatureDifference()
    {
        using var scope = NewDisposeScope();
        var F = tensor(new float[] { 1, 2, 3, 4 }, [1, 1, 2, 2]);
        var P = tensor(new float[] { 0, 2, 5, 1 }, [1, 1, 2, 2]);
        // (1 + 0 + 4 + 9) / 4.
        Assert.Equal(3.5f, ContentLoss.Compute(F, P).item<float>());
    }

    [Fact]
    public void ContentLossGradientMatchesFiniteDifferences()
    {
        var p = GradientCheck.Values(2 * 3 * 4, seed: 1);
        GradientCheck.Matches(F =>
        {
            using var P = tensor(p, [1, 2, 3, 4]);
            return ContentLoss.Compute(F, P);
        }, GradientCheck.Values(2 * 3 * 4, seed: 2), [1, 2, 3, 4]);
    }

    [Fact]
    public void FeaturesOfDifferentShapesAreRejected()
    {
        using var F = zeros([1, 2, 3, 3]);
        using var P = zeros([1, 2, 3, 4]);
        var e = Assert.Throws<ArgumentException>(() => ContentLoss.Compute(F, P));
        Assert.Contains("[1, 2, 3, 3] and [1, 2, 3, 4]", e.Message);
    }
}
