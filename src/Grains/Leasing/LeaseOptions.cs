namespace StyleFarm.Grains.Leasing;

/// <summary>
/// Every interval and limit of leasing in one place (one options class per feature). A worker holds a
/// task for <see cref="Duration"/> and renews it every <see cref="HeartbeatInterval"/>; a lease not
/// renewed in time expires and the task is leased again after a backoff.
/// </summary>
public sealed record LeaseOptions
{
    /// <summary>
    /// How long a lease lasts without renewal. Default 60 s: four heartbeats, so three may be lost
    /// before the task is taken back, and a crashed worker costs at most a minute.
    /// </summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker renews its lease while the task runs. Default 15 s (a quarter of <see cref="Duration"/>).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many times a task may run before it fails its job; failed and expired attempts both count.
    /// Default 4: three retries ride out a crashed or pre-empted silo, a fourth failure is a real error.
    /// </summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Wait before the first retry; doubles with every further failed attempt. Default 5 s.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries. Default 5 min, so a long outage does not push retries out for hours.</summary>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A silo that failed (or let expire) this many attempts of one job leases no more tasks of that
    /// job. Default 3: one bad node (broken GPU, full disk) stops eating a job's attempts.
    /// </summary>
    public int BlocklistAfterFailures { get; init; } = 3;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range and why.</exception>
    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero)
            throw new ArgumentException($"lease heartbeat interval is {HeartbeatInterval}: it must be positive", nameof(HeartbeatInterval));
        if (Duration < HeartbeatInterval * 2)
            throw new ArgumentException($"lease duration {Duration} is shorter than two heartbeats of {HeartbeatInterval}: one late heartbeat would lose the lease; make the duration at least twice the interval", nameof(Duration));
        if (MaxAttempts < 1)
            throw new ArgumentException($"max attempts is {MaxAttempts}: a task needs at least 1", nameof(MaxAttempts));
        if (BackoffBase <= TimeSpan.Zero)
            throw new ArgumentException($"backoff base is {BackoffBase}: it must be positive", nameof(BackoffBase));
        if (BackoffCap < BackoffBase)
            throw new ArgumentException($"backoff cap {BackoffCap} is below the base {BackoffBase}", nameof(BackoffCap));
        if (BlocklistAfterFailures < 1)
            throw new ArgumentException($"blocklist threshold is {BlocklistAfterFailures}: it must be at least 1", nameof(BlocklistAfterFailures));
    }
}
