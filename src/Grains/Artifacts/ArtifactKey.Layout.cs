using System.Globalization;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Artifacts;

/// <summary>
/// Deterministic names of a job's artifacts in the blob store (and a silo's local cache). The same
/// inputs always give the same key, so a re-run task overwrites its own artifacts and resume finds
/// what was committed. Numbers are zero-padded (shots and segments to 4 digits, passes to 2, frames
/// to 6; wider numbers simply take more digits) so keys sort in frame order. Frame numbers count
/// from 0 in the whole input. The scheme:
/// <code>
/// jobs/{job}/shots/{shot:D4}/segments/{seg:D4}/pass/{p:D2}/frame/{frame:D6}.png    stylized frame of pass p
/// jobs/{job}/shots/{shot:D4}/segments/{seg:D4}/flow/{from:D6}-{to:D6}.flo          optical flow, frame from → frame to
/// jobs/{job}/shots/{shot:D4}/segments/{seg:D4}/weights/{from:D6}-{to:D6}.pgm       consistency weights c for warping from → to
/// jobs/{job}/shots/{shot:D4}/colors.json                                           the shot's colour histogram (DeepMovie §7.1 colour matching)
/// jobs/{job}/output/{name}                                                         encoded output (video or frames)
/// </code>
/// A stylized frame lives under the segment whose core owns it; neighbours read it from there as
/// their halo. Flows and weights live under the segment that computed them (its halo range), so two
/// neighbours may each hold the same frame pair.
/// </summary>
public sealed partial record ArtifactKey
{
    /// <summary>"jobs/{job}/": every artifact of the job starts with it.</summary>
    public static string JobPrefix(JobId job) => $"jobs/{job}/";

    /// <summary>"jobs/{job}/shots/{shot:D4}/segments/{seg:D4}/": every artifact of the segment starts with it.</summary>
    public static string SegmentPrefix(JobId job, Segment segment) =>
        string.Create(CultureInfo.InvariantCulture, $"{JobPrefix(job)}shots/{segment.Shot:D4}/segments/{segment.Index:D4}/");

    /// <summary>Frame <paramref name="frame"/> of pass <paramref name="pass"/>, owned by <paramref name="segment"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The frame is outside the segment's core, or the pass is not 1 … 99.</exception>
    public static ArtifactKey Frame(JobId job, Segment segment, int pass, int frame)
    {
        if (pass < 1 || pass > JobSpec.MaxPasses)
            throw new ArgumentOutOfRangeException(nameof(pass), pass, $"passes are numbered 1 … {JobSpec.MaxPasses}");
        if (!segment.Core.Contains(frame))
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"frame {frame} is not in the core {segment.Core} of segment {segment.Index} of shot {segment.Shot}: use the segment that owns the frame");
        return new(string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix(job, segment)}pass/{pass:D2}/frame/{frame:D6}.png"));
    }

    /// <summary>The optical flow from frame <paramref name="from"/> to frame <paramref name="to"/>, computed by <paramref name="segment"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A frame is outside the segment's halo range, or both are the same.</exception>
    public static ArtifactKey Flow(JobId job, Segment segment, int from, int to) =>
        new($"{SegmentPrefix(job, segment)}flow/{Pair(segment, from, to)}.flo");

    /// <summary>The consistency weights for warping frame <paramref name="from"/> onto <paramref name="to"/>, computed by <paramref name="segment"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A frame is outside the segment's halo range, or both are the same.</exception>
    public static ArtifactKey Weights(JobId job, Segment segment, int from, int to) =>
        new($"{SegmentPrefix(job, segment)}weights/{Pair(segment, from, to)}.pgm");

    /// <summary>
    /// The colour histogram of shot <paramref name="shot"/> at render size, measured once by the plan task so
    /// that every segment of the shot, on whichever silo, matches colours with the same measurement.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The shot index is negative.</exception>
    public static ArtifactKey ShotColors(JobId job, int shot) =>
        shot >= 0
            ? new(string.Create(CultureInfo.InvariantCulture, $"{JobPrefix(job)}shots/{shot:D4}/colors.json"))
            : throw new ArgumentOutOfRangeException(nameof(shot), shot, "shots are numbered from 0");

    /// <summary>The encoded output named <paramref name="name"/> (a file name such as "film.mp4").</summary>
    /// <exception cref="ArgumentException">The name is empty, a path, or "." / "..".</exception>
    public static ArtifactKey Output(JobId job, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/') || name.Contains('\\') || name is "." or "..")
            throw new ArgumentException($"output name '{name}' is not a plain file name: give a name such as \"film.mp4\" without folders", nameof(name));
        return new($"{JobPrefix(job)}output/{name}");
    }

    private static string Pair(Segment segment, int from, int to)
    {
        if (!segment.Halo.Contains(from))
            throw new ArgumentOutOfRangeException(nameof(from), from, $"frame {from} is outside the halo range {segment.Halo} of segment {segment.Index} of shot {segment.Shot}");
        if (!segment.Halo.Contains(to))
            throw new ArgumentOutOfRangeException(nameof(to), to, $"frame {to} is outside the halo range {segment.Halo} of segment {segment.Index} of shot {segment.Shot}");
        if (from == to)
            throw new ArgumentOutOfRangeException(nameof(to), to, $"a flow joins two different frames, but both are {from}");
        return string.Create(CultureInfo.InvariantCulture, $"{from:D6}-{to:D6}");
    }
}
