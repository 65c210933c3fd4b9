namespace StyleFarm.Grains.Silos;

/// <summary>
/// Decides whether a silo is alive: its last heartbeat is younger than
/// <see cref="SiloHealthOptions.DeadAfter"/> (N × the heartbeat interval).
/// </summary>
public sealed class SiloHealth
{
    private readonly SiloHealthOptions _options;

    /// <summary>Uses <paramref name="options"/>.</summary>
    public SiloHealth(SiloHealthOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Whether <paramref name="silo"/> is dead at <paramref name="now"/>: silent for DeadAfter or longer.</summary>
    public bool IsDead(SiloRecord silo, DateTimeOffset now) => now - silo.LastHeartbeat >= _options.DeadAfter;

    /// <summary>The silos of <paramref name="silos"/> that are dead at <paramref name="now"/>.</summary>
    public IReadOnlySet<SiloId> DeadSilos(IEnumerable<SiloRecord> silos, DateTimeOffset now) =>
        silos.Where(s => IsDead(s, now)).Select(s => s.Id).ToHashSet();
}
