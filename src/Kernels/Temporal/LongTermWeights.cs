using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Temporal;

/// <summary>
/// Long-term weights (Ruder et al. eq. 12): c_long(i−j,i) = max(c(i−j,i) − Σ_{k∈J, k&lt;j} c(i−k,i), 0),
/// so each pixel is tied only to the closest past frame in which it is visible.
/// </summary>
public static class LongTermWeights
{
    /// <summary>
    /// Turns the plain weights c(i−j,i), one per offset j, into long-term weights. The offsets need not be
    /// sorted; the result keeps the order of <paramref name="weightsByOffset"/>.
    /// </summary>
    public static IReadOnlyList<(int Offset, Tensor Weights)> Compute(IReadOnlyList<(int Offset, Tensor Weights)> weightsByOffset)
    {
        var offsets = weightsByOffset.Select(e => e.Offset).ToArray();
        if (offsets.Any(o => o <= 0) || offsets.Distinct().Count() != offsets.Length)
            throw new ArgumentException($"long-term offsets must be positive and distinct, got {{{string.Join(",", offsets)}}}");
        var result = new List<(int, Tensor)>(weightsByOffset.Count);
        foreach (var (offset, weights) in weightsByOffset)
        {
            using var scope = NewDisposeScope();
            var closer = zeros_like(weights);
            foreach (var (other, otherWeights) in weightsByOffset)
            {
                if (other < offset) closer = closer + otherWeights;
            }
            result.Add((offset, (weights - closer).clamp_min(0f).MoveToOuterDisposeScope()));
        }
        return result;
    }
}
