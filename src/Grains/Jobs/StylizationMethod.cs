namespace StyleFarm.Grains.Jobs;

/// <summary>How frames are stylized (ALGORITHMS.md §1–4 and §6).</summary>
public enum StylizationMethod
{
    /// <summary>Gatys energy with Ruder's temporal losses, minimised per frame (slow, best quality).</summary>
    Optimization,

    /// <summary>A feed-forward transformer network fed the warped previous output as a prior image.</summary>
    Network,
}
