using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>The long-term temporal consistency loss of Ruder et al. (eq. 11).</summary>
public static class LongTermTemporalLoss
{
    /// <summary>
    /// Σ_{j∈J: i−j≥1} L_temporal(x, ω_j, c_long^(i−j,i)): the eq. 8 loss against each past frame in
    /// <paramref name="references"/>, whose weights are the caller's c_long (eq. 12), so each pixel counts
    /// only against its closest past frame where it is visible. No references give 0. A 0-dim tensor,
    /// differentiable in x.
    /// </summary>
    public static Tensor Compute(Tensor x, IReadOnlyList<TemporalReference> references)
    {
        LossChecks.Image(x, nameof(x), "the long-term temporal loss");
        ArgumentNullException.ThrowIfNull(references);
        // Eq. 11: the sum over j of eq. 8 with the long-term weights.
        if (references.Count == 0) return zeros([], x.dtype, x.device);
        Tensor? total = null;
        foreach (var reference in references)
        {
            ArgumentNullException.ThrowIfNull(reference, nameof(references));
            using var term = TemporalLoss.Compute(x, reference.Warped, reference.Weights);
            total = Accumulate.Add(total, term, 1.0);
        }
        return total!;
    }
}
