using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

/// <summary>Compares autograd's gradient of a float64 scalar function with central finite differences.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Asserts that ∂loss/∂x from backward() matches (loss(x + h·e_i) − loss(x − h·e_i)) / 2h for every element i,
    /// within <paramref name="tolerance"/> relative to max(1, |gradient|).
    /// </summary>
    public static void Matches(Func<Tensor, Tensor> loss, double[] x, long[] shape, double step = 1e-6, double tolerance = 1e-6)
    {
        double[] analytic;
        using (NewDisposeScope())
        {
            var input = tensor(x, shape, requires_grad: true);
            loss(input).backward();
            analytic = input.grad!.data<double>().ToArray();
        }
        Assert.Equal(x.Length, analytic.Length);
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-3); // a gradient of zeros would prove nothing
        for (var i = 0; i < x.Length; i++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += step;
            minus[i] -= step;
            var numeric = (Value(loss, plus, shape) - Value(loss, minus, shape)) / (2 * step);
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance * Math.Max(1, Math.Abs(analytic[i])),
                $"element {i}: autograd {analytic[i]}, central difference {numeric}");
        }
    }

    /// <summary>The loss at <paramref name="x"/> as a double.</summary>
    public static double Value(Func<Tensor, Tensor> loss, double[] x, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return loss(tensor(x, shape)).item<double>();
    }

    /// <summary>Deterministic pseudo-random values in [low, high) (a fixed LCG, so tests never change).</summary>
    public static double[] Values(int count, int seed, double low = -1, double high = 1)
    {
        var state = (ulong)seed * 6364136223846793005UL + 1442695040888963407UL;
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            values[i] = low + (high - low) * ((state >> 11) * (1.0 / (1UL << 53)));
        }
        return values;
    }
}
