using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class EnhancedCoherenceLossTests
{
    [Fact]
    public void IdenticalContentFramesScaleTheFollowTermByTanhOfOne()
    {
        using var scope = NewDisposeScope();
        var content = tensor(new float[] { 0.5f, 0.5f }, [1, 1, 1, 2]);
        var x = tensor(new float[] { 1, 0 }, [1, 1, 1, 2]);
        var previousStylized = tensor(new float[] { 0, 0 }, [1, 1, 1, 2]);
        // f(0) = tanh(1); MSE(x, V′ᵢ₋₁) = 0.5; MSE(x − V′ᵢ₋₁, 0) = 0.5.
        var expected = Math.Tanh(1) * 0.5 + 0.5;
        Assert.Equal(expected, EnhancedCoherenceLoss.Compute(x, previousStylized, content, content).item<float>(), 1e-6);
    }

    [Fact]
    public void AnOutputThatChangesAsTheContentDoesPaysOnlyTheScaledFollowTerm()
    {
        using var scope = NewDisposeScope();
        var content = tensor(new float[] { 1, 0 }, [1, 1, 1, 2]);
        var previousContent = tensor(new float[] { 0, 0 }, [1, 1, 1, 2]);
        var x = tensor(new float[] { 1, 1 }, [1, 1, 1, 2]);
        var previousStylized = tensor(new float[] { 0, 1 }, [1, 1, 1, 2]);
        // MSE(V) = 0.5 → f = tanh(e^−0.5); MSE(x, V′ᵢ₋₁) = 0.5; x − V′ᵢ₋₁ = Vᵢ − Vᵢ₋₁ → 0.
        Assert.Equal(Math.Tanh(Math.Exp(-0.5)), EnhancedCoherenceLoss.Factor(content, previousContent), 1e-7);
        Assert.Equal(Math.Tanh(Math.Exp(-0.5)) * 0.5,
            EnhancedCoherenceLoss.Compute(x, previousStylized, content, previousContent).item<float>(), 1e-6);
    }

    [Fact]
    public void EnhancedCoherenceGradientMatchesFiniteDifferences()
    {
        var v = GradientCheck.Values(3 * 2 * 3, seed: 41, low: 0, high: 1);
        var vPrevious = GradientCheck.Values(3 * 2 * 3, seed: 42, low: 0, high: 1);
        var stylizedPrevious = GradientCheck.Values(3 * 2 * 3, seed: 43, low: 0, high: 1);
        GradientCheck.Matches(x =>
        {
            using var content = tensor(v, [1, 3, 2, 3]);
            using var previousContent = tensor(vPrevious, [1, 3, 2, 3]);
            using var previous = tensor(stylizedPrevious, [1, 3, 2, 3]);
            return EnhancedCoherenceLoss.Compute(x, previous, content, previousContent);
        }, GradientCheck.Values(3 * 2 * 3, seed: 44, low: 0, high: 1), [1, 3, 2, 3]);
    }

    [Fact]
    public void FramesOfAnotherShapeAreRejected()
    {
        using var x = zeros([1, 3, 2, 2]);
        using var other = zeros([1, 3, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => EnhancedCoherenceLoss.Compute(x, x, x, other));
        Assert.Contains("previousContent", e.Message);
    }
}
