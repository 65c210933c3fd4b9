namespace StyleFarm.Grains.Jobs;

/// <summary>
/// A frame range of a shot, the unit of flow and stylize tasks. The segment owns (writes) the frames
/// of <see cref="Core"/>; <see cref="Halo"/> adds up to h frames on each side, clipped to the shot,
/// whose previous-pass results are its boundary condition and whose flows it computes.
/// </summary>
/// <param name="Shot">Index of the shot.</param>
/// <param name="Index">0-based position in the shot.</param>
/// <param name="Core">The frames this segment stylizes and owns.</param>
/// <param name="Halo">Core widened by the halo on each side, clipped to the shot.</param>
public sealed record Segment(int Shot, int Index, FrameRange Core, FrameRange Halo)
{
    /// <summary>Halo frames before the core (fewer than h at the shot's start).</summary>
    public int HaloBefore => Core.Start - Halo.Start;

    /// <summary>Halo frames after the core (fewer than h at the shot's end).</summary>
    public int HaloAfter => Halo.End - Core.End;
}
