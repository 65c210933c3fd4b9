namespace StyleFarm.Kernels.Models;

/// <summary>Helpers for tensor shapes written as dimension lists.</summary>
public static class TensorShape
{
    /// <summary>Product of the dimensions (1 for a scalar); throws <see cref="OverflowException"/> past long.</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var d in shape) count = checked(count * d);
        return count;
    }

    /// <summary>The shape as PyTorch prints it: "[64, 3, 3, 3]".</summary>
    public static string Format(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>True when both shapes have the same dimensions in the same order.</summary>
    public static bool AreEqual(IReadOnlyList<long> a, IReadOnlyList<long> b) => a.SequenceEqual(b);
}
