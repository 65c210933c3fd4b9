using TorchSharp;

namespace StyleFarm.Kernels.Tests.Torch;

/// <summary>Assertions on a tensor's shape and values.</summary>
internal static class TensorAssert
{
    /// <summary>The tensor has exactly this shape and these float32 values.</summary>
    public static void Equal(long[] shape, float[] expected, torch.Tensor actual)
    {
        Assert.Equal(shape, actual.shape);
        Assert.Equal(expected, actual.data<float>().ToArray());
    }

    /// <summary>Every value is within <paramref name="tolerance"/> of the expected one.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }

    /// <summary>A float32 tensor's values are within <paramref name="tolerance"/> of the expected ones.</summary>
    public static void Close(float[] expected, torch.Tensor actual, double tolerance) =>
        Close(expected.Select(v => (double)v).ToArray(), actual.data<float>().ToArray().Select(v => (double)v).ToArray(), tolerance);
}
