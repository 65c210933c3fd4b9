using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The frames one stylize task optimises, in order (DESIGN.md §4, ALGORITHMS.md §4):
/// <list type="bullet">
/// <item>pass 1 of a multi-pass job (independent frames) and the single pass of a one-pass job (a
/// forward sweep that starts afresh at the core): the core frames, ascending;</item>
/// <item>a forward pass p ≥ 2: from the halo's first frame up to the core's last, so the core's first
/// frame is initialised from the neighbour's side through the halo (whose previous-pass results come
/// from the neighbouring segment: the boundary condition);</item>
/// <item>a backward pass: from the halo's last frame down to the core's first.</item>
/// </list>
/// The halo on the downstream side is left out: in a one-directional sweep nothing after the core can
/// influence a core frame, so stylizing it would be thrown away. The last pass of a multi-pass job continues its
/// upstream neighbour's finished sweep (<see cref="Grains.Planning.PassSchedule.Chains"/>), so it sweeps the core
/// only, in its direction. Only core frames are committed.
/// </summary>
public static class SweepPlan
{
    /// <summary>The frames (absolute numbers) pass <paramref name="direction"/> of <paramref name="segment"/> optimises, in order.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="direction">The pass's direction (<see cref="Grains.Planning.PassSchedule.DirectionOf"/>).</param>
    /// <param name="passes">The job's pass count (1: the one-pass forward sweep over the core).</param>
    /// <param name="chained">Whether the pass continues the upstream neighbour's same pass (the last of a multi-pass job).</param>
    public static IReadOnlyList<int> Frames(Segment segment, PassDirection direction, int passes, bool chained = false)
    {
        var core = segment.Core;
        if (passes == 1 || direction == PassDirection.Independent) return Enumerable.Range(core.Start, core.Count).ToList();
        if (chained) return direction == PassDirection.Backward ? Enumerable.Range(core.Start, core.Count).Reverse().ToList() : Enumerable.Range(core.Start, core.Count).ToList();
        return direction switch
        {
            PassDirection.Forward => Enumerable.Range(segment.Halo.Start, core.End - segment.Halo.Start).ToList(),
            PassDirection.Backward => Enumerable.Range(core.Start, segment.Halo.End - core.Start).Reverse().ToList(),
            _ => throw new ArgumentException($"pass direction {direction} is not a stylize pass's", nameof(direction)),
        };
    }
}
