namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The clock of the grains' rules (task times, retry backoff), apart from the silo's own <see cref="TimeProvider"/>: a
/// test drives it by hand without stopping Orleans' timers, probes and timeouts, which read the silo's.
/// </summary>
/// <param name="Time">The clock. A farm uses <see cref="TimeProvider.System"/>.</param>
public sealed record GrainClock(TimeProvider Time)
{
    /// <summary>Now.</summary>
    public DateTimeOffset GetUtcNow() => Time.GetUtcNow();
}
