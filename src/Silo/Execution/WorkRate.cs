namespace StyleFarm.Silo.Execution;

/// <summary>
/// The rate and ETA of a job from the work measured done while observing it: the time and units done at the first
/// observation, and the latest; the remaining units at that rate (watch observes what it sees; a train task its own iterations,
/// from the first one done, so that start-up is not counted). A unit is a frame of a pass for a render (a 3-pass job
/// of N frames has 3N to do) and an iteration for a training job. Before a unit has been done while watching there is
/// no rate, and no ETA.
/// </summary>
public sealed class WorkRate
{
    private (DateTimeOffset At, int Done)? _first;
    private (DateTimeOffset At, int Done)? _latest;

    /// <summary>Notes that <paramref name="done"/> units were done at <paramref name="now"/>.</summary>
    public void Observe(DateTimeOffset now, int done)
    {
        // A resumed job may count fewer units than before (a training resumed from its checkpoint): start measuring again.
        if (_first is null || done < _first.Value.Done) _first = (now, done);
        _latest = (now, done);
    }

    /// <summary>Seconds per unit measured so far; null until a unit was done while watching.</summary>
    public double? SecondsPerUnit =>
        _first is { } a && _latest is { } b && b.Done > a.Done ? (b.At - a.At).TotalSeconds / (b.Done - a.Done) : null;

    /// <summary>Units per second measured so far (iterations/s of a training job); null until a unit was done while watching.</summary>
    public double? PerSecond => SecondsPerUnit is { } s and > 0 ? 1 / s : null;

    /// <summary>The time left for <paramref name="remaining"/> units at the measured rate, from the latest observation; null without a rate.</summary>
    public TimeSpan? Eta(int remaining) => SecondsPerUnit is { } s ? TimeSpan.FromSeconds(s * Math.Max(0, remaining)) : null;
}
