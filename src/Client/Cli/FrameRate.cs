namespace StyleFarm.Client.Cli;

/// <summary>
/// The ETA of a job from its measured seconds per frame: the time and frames done when watch first saw the job, and
/// the latest; the remaining frames at that rate. Frames count once per pass (a 3-pass job of N frames has 3N to do).
/// Before a frame has been done while watching there is no rate, and no ETA.
/// </summary>
public sealed class FrameRate
{
    private (DateTimeOffset At, int Done)? _first;
    private (DateTimeOffset At, int Done)? _latest;

    /// <summary>Notes that <paramref name="done"/> frames were done at <paramref name="now"/>.</summary>
    public void Observe(DateTimeOffset now, int done)
    {
        // A resumed job may count fewer frames than before: start measuring again.
        if (_first is null || done < _first.Value.Done) _first = (now, done);
        _latest = (now, done);
    }

    /// <summary>Seconds per frame measured so far; null until a frame was done while watching.</summary>
    public double? SecondsPerFrame =>
        _first is { } a && _latest is { } b && b.Done > a.Done ? (b.At - a.At).TotalSeconds / (b.Done - a.Done) : null;

    /// <summary>The time left for <paramref name="remaining"/> frames at the measured rate, from the latest observation; null without a rate.</summary>
    public TimeSpan? Eta(int remaining) => SecondsPerFrame is { } s ? TimeSpan.FromSeconds(s * Math.Max(0, remaining)) : null;
}
