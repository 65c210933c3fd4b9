namespace StyleFarm.Kernels.Style;

/// <summary>One frame's energy split into its weighted terms (each already multiplied by its weight).</summary>
/// <param name="Content">α·L_content.</param>
/// <param name="Style">β·L_style.</param>
/// <param name="Temporal">γ·Σ_j L_temporal (0 without temporal references).</param>
/// <param name="Coherence">η·L_coherence (0 without a coherence reference).</param>
/// <param name="TotalVariation">λ_tv·L_tv.</param>
public sealed record FrameEnergyTerms(double Content, double Style, double Temporal, double Coherence, double TotalVariation)
{
    /// <summary>The energy: the sum of the terms.</summary>
    public double Total => Content + Style + Temporal + Coherence + TotalVariation;
}
