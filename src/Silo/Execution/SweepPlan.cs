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
/// The halo on the downstream side is left out of every pass but the last: in a one-directional sweep nothing after
/// the core can influence a core frame. The last pass of a multi-pass job goes on through it: those frames are the
/// segment's continuation into its neighbour, committed under its own key, which <see cref="FinalFrames"/> crossfades
/// with the neighbour's own frames so that no seam is a jump from one sweep to another.
/// </summary>
public static class SweepPlan
{
    /// <summary>The frames (absolute numbers) pass <paramref name="direction"/> of <paramref name="segment"/> optimises, in order.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="direction">The pass's direction (<see cref="Grains.Planning.PassSchedule.DirectionOf"/>).</param>
    /// <param name="passes">The job's pass count (1: the one-pass forward sweep over the core).</param>
    /// <param name="lastPass">Whether this is the job's last pass (a multi-pass job's then continues through the downstream halo).</param>
    public static IReadOnlyList<int> Frames(Segment segment, PassDirection direction, int passes, bool lastPass = false)
    {
        var core = segment.Core;
        if (passes == 1 || direction == PassDirection.Independent) return Enumerable.Range(core.Start, core.Count).ToList();
        var continues = lastPass;
        return direction switch
        {
            PassDirection.Forward => Enumerable.Range(segment.Halo.Start, (continues ? segment.Halo.End : core.End) - segment.Halo.Start).ToList(),
            PassDirection.Backward => Enumerable.Range(continues ? segment.Halo.Start : core.Start,
                segment.Halo.End - (continues ? segment.Halo.Start : core.Start)).Reverse().ToList(),
            _ => throw new ArgumentException($"pass direction {direction} is not a stylize pass's", nameof(direction)),
        };
    }

    /// <summary>
    /// Whether <paramref name="segment"/>'s pass commits <paramref name="frame"/>: its core frames, and in a multi-pass
    /// job's last pass also the downstream halo it continues into (<see cref="Frames"/>).
    /// </summary>
    public static bool Commits(Segment segment, PassDirection direction, int passes, bool lastPass, int frame) =>
        segment.Core.Contains(frame)
        || (lastPass && passes > 1 && segment.Halo.Contains(frame)
            && (direction == PassDirection.Forward ? frame >= segment.Core.End : direction == PassDirection.Backward && frame < segment.Core.Start));
}
