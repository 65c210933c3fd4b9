namespace StyleFarm.Kernels.Shots;

/// <summary>A shot: frames <see cref="FirstFrame"/> up to but not including <see cref="LastFrameExclusive"/>.</summary>
public sealed record Shot(int Index, int FirstFrame, int LastFrameExclusive)
{
    /// <summary>Frames in the shot.</summary>
    public int FrameCount => LastFrameExclusive - FirstFrame;

    /// <summary>
    /// Splits frames 0 … <paramref name="frameCount"/> − 1 at <paramref name="cutFrames"/> (each the
    /// first frame of a new shot, in any order) into consecutive shots numbered from 0.
    /// </summary>
    public static IReadOnlyList<Shot> FromCuts(IEnumerable<int> cutFrames, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        var cuts = cutFrames.Order().ToList();
        for (var i = 0; i < cuts.Count; i++)
        {
            if (cuts[i] <= 0 || cuts[i] >= frameCount)
                throw new ArgumentException($"cut at frame {cuts[i]} is outside 1 … {frameCount - 1}: a cut names the first frame of a new shot in a {frameCount}-frame sequence", nameof(cutFrames));
            if (i > 0 && cuts[i] == cuts[i - 1])
                throw new ArgumentException($"cut at frame {cuts[i]} is listed twice", nameof(cutFrames));
        }
        if (frameCount == 0) return [];
        var shots = new List<Shot>(cuts.Count + 1);
        var first = 0;
        foreach (var cut in cuts.Append(frameCount))
        {
            shots.Add(new Shot(shots.Count, first, cut));
            first = cut;
        }
        return shots;
    }
}
