using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Planning;

/// <summary>
/// Splits a shot into segments of L frames so no long shot dominates the makespan: cores tile the
/// shot from its first frame; a last piece shorter than L/2 joins the segment before it; each core is
/// widened by the halo h on both sides and clipped to the shot.
/// </summary>
public sealed class SegmentPlanner
{
    private readonly SegmentPlannerOptions _options;

    /// <summary>Uses <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public SegmentPlanner(SegmentPlannerOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The segments of <paramref name="shot"/>, in frame order, indexed from 0.</summary>
    /// <exception cref="ArgumentException">The shot has no frames.</exception>
    public IReadOnlyList<Segment> Split(Shot shot)
    {
        var n = shot.FrameCount;
        if (n <= 0)
            throw new ArgumentException($"shot {shot.Index} has no frames ({shot.Frames}): a shot needs at least one", nameof(shot));
        var length = _options.SegmentLength;
        var count = Math.Max(1, n / length);
        var tail = n - (n / length) * length;
        // A tail of at least L/2 frames stands as its own segment; a shorter one joins the last full segment.
        if (n >= length && tail > 0 && 2 * tail >= length) count++;
        var segments = new Segment[count];
        var start = shot.Frames.Start;
        for (var k = 0; k < count; k++)
        {
            var end = k == count - 1 ? shot.Frames.End : start + length;
            var core = new FrameRange(start, end);
            // In long arithmetic: neither the halo nor a whole-shot length may overflow near the largest frame numbers.
            var halo = new FrameRange((int)Math.Max(shot.Frames.Start, (long)start - _options.Halo), (int)Math.Min(shot.Frames.End, (long)end + _options.Halo));
            segments[k] = new Segment(shot.Index, k, core, halo);
            start = end;
        }
        return segments;
    }

    /// <summary>The segment of <paramref name="segments"/> (one shot's, in order) whose core holds <paramref name="frame"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No core holds the frame.</exception>
    public static Segment OwnerOf(IReadOnlyList<Segment> segments, int frame)
    {
        int lo = 0, hi = segments.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var core = segments[mid].Core;
            if (frame < core.Start) hi = mid - 1;
            else if (frame >= core.End) lo = mid + 1;
            else return segments[mid];
        }
        throw new ArgumentOutOfRangeException(nameof(frame), frame, "no segment of the shot owns this frame: it lies outside the shot");
    }
}
