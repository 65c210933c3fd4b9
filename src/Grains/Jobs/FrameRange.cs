namespace StyleFarm.Grains.Jobs;

/// <summary>Frames <see cref="Start"/> up to but not including <see cref="End"/>, numbered in the whole input.</summary>
public readonly record struct FrameRange
{
    /// <summary>Creates [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">start is negative or end is before start.</exception>
    // Grain messages and state carry it as JSON (see Cluster/GrainSerialization); a struct needs its constructor named.
    [System.Text.Json.Serialization.JsonConstructor]
    public FrameRange(int start, int end)
    {
        if (start < 0)
            throw new ArgumentOutOfRangeException(nameof(start), start, "a frame range cannot start before frame 0");
        if (end < start)
            throw new ArgumentOutOfRangeException(nameof(end), end, $"a frame range cannot end (exclusive) before it starts at {start}");
        Start = start;
        End = end;
    }

    /// <summary>The first frame.</summary>
    public int Start { get; }

    /// <summary>One past the last frame.</summary>
    public int End { get; }

    /// <summary>Frames in the range.</summary>
    public int Count => End - Start;

    /// <summary>Whether <paramref name="frame"/> is inside.</summary>
    public bool Contains(int frame) => frame >= Start && frame < End;

    /// <summary>Whether <paramref name="other"/> lies wholly inside this range.</summary>
    public bool Contains(FrameRange other) => other.Start >= Start && other.End <= End;

    /// <summary>"[start, end)".</summary>
    public override string ToString() => $"[{Start}, {End})";
}
