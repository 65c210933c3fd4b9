using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Temporal;

namespace StyleFarm.Kernels.Shots;

/// <summary>
/// The flow half of shot-cut detection: across a cut, optical flow has nothing to match, so the
/// forward–backward consistency check (Ruder et al. eq. 5–7) fails for most pixels.
/// </summary>
public sealed class FlowCutConfirmer(IOpticalFlow flow, ConsistencyOptions consistency, FlowCutConfirmerOptions options)
{
    /// <summary>The fraction of <paramref name="after"/>'s pixels whose flow back to <paramref name="before"/> is consistent.</summary>
    public double ReliableFraction(RgbFrame before, RgbFrame after)
    {
        var backward = flow.Compute(after, before);
        var forward = flow.Compute(before, after);
        var weights = ConsistencyMap.Compute(backward, forward, consistency);
        return weights.Count(w => w >= options.ReliableWeight) / (double)weights.Length;
    }

    /// <summary>True when the flow between the two frames collapses, as it does across a cut.</summary>
    public bool IsCut(RgbFrame before, RgbFrame after, out double reliableFraction)
    {
        reliableFraction = ReliableFraction(before, after);
        return reliableFraction < options.MaxReliableFraction;
    }
}
