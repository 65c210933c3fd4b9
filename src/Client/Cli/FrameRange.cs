namespace StyleFarm.Client.Cli;

/// <summary>A half-open frame range "A:B" as the CLI takes it (frames A … B−1; either end may be omitted).</summary>
public readonly record struct FrameRange(int Start, int? End)
{
    public static FrameRange All => new(0, null);

    public static FrameRange Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2)
            throw new ArgumentException($"frame range '{text}' must look like A:B (e.g. 0:100, 50:, :20)");
        var start = parts[0].Length == 0 ? 0 : ParseIndex(parts[0], text);
        int? end = parts[1].Length == 0 ? null : ParseIndex(parts[1], text);
        if (end is { } e && e <= start)
            throw new ArgumentException($"frame range '{text}' is empty: its end must be after its start");
        return new FrameRange(start, end);
    }

    /// <summary>The range clipped to a video of <paramref name="frameCount"/> frames.</summary>
    public (int Start, int End) Clip(int frameCount)
    {
        if (Start >= frameCount)
            throw new ArgumentException($"frame range starts at {Start} but the video has {frameCount} frames");
        return (Start, Math.Min(End ?? frameCount, frameCount));
    }

    private static int ParseIndex(string part, string text) =>
        int.TryParse(part, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"frame range '{text}': '{part}' is not a frame number");
}
