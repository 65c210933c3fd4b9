namespace StyleFarm.Silo.Worker;

/// <summary>
/// Wakes idle workers when tasks may have become ready (the coordinator promoted some), so they need not
/// wait for their next poll. A store that can push notifications (PostgreSQL LISTEN/NOTIFY) implements it;
/// in one process <see cref="WorkSignal"/> does. Workers keep polling as a fallback, so a lost
/// notification only delays work by a poll interval.
/// </summary>
public interface IWorkSignal
{
    /// <summary>How many notifications there have been; read it before looking for work.</summary>
    long Version { get; }

    /// <summary>Completes once <see cref="Version"/> is above <paramref name="seen"/> (at once when it already is).</summary>
    Task WaitAsync(long seen, CancellationToken cancellationToken);
}
