namespace StyleFarm.Grains.Silos;

/// <summary>When a silo counts as dead. Defaults: heartbeat every 15 s, dead after 4 missed (60 s of silence).</summary>
public sealed record SiloHealthOptions
{
    /// <summary>How often a silo writes its heartbeat. Default 15 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Heartbeats a silo may miss before it counts as dead. Default 4, so one late write (a GC pause,
    /// a slow database) is not a death, and a dead silo's leases are taken back within a minute.
    /// </summary>
    public int MissedHeartbeats { get; init; } = 4;

    /// <summary>Silence after which a silo is dead: <see cref="MissedHeartbeats"/> × <see cref="HeartbeatInterval"/>.</summary>
    public TimeSpan DeadAfter => HeartbeatInterval * MissedHeartbeats;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero)
            throw new ArgumentException($"silo heartbeat interval is {HeartbeatInterval}: it must be positive", nameof(HeartbeatInterval));
        if (MissedHeartbeats < 1)
            throw new ArgumentException($"missed heartbeats is {MissedHeartbeats}: a silo must be allowed to miss at least 1", nameof(MissedHeartbeats));
    }
}
