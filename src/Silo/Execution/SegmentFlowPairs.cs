using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The frame pairs a segment's flow task computes: every ordered pair (a, b) of frames of the segment's
/// halo range that are j apart for an offset j of the job (ALGORITHMS.md §3: long-term flows are computed
/// directly, never chained). For each, the flow a → b and the consistency weights for warping frame a
/// onto frame b (on b's pixels). Both directions are kept: forward sweeps warp from the past, backward
/// sweeps and the seam metric from the future.
/// </summary>
public static class SegmentFlowPairs
{
    /// <summary>The unordered pairs (a, a + j), a ascending within each offset, offsets ascending.</summary>
    public static IEnumerable<(int Earlier, int Later)> Of(Segment segment, IReadOnlyList<int> offsets)
    {
        foreach (var j in offsets.Distinct().Order())
            for (var a = segment.Halo.Start; a + j < segment.Halo.End; a++)
                yield return (a, a + j);
    }
}
