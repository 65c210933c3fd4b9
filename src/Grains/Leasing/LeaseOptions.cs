namespace StyleFarm.Grains.Leasing;

/// <summary>
/// The limits of a task's attempts (its leases) in one place: how often it may run, how long a retry waits, and
/// when a silo is blocklisted for a job. A lease has no duration: cluster membership, not a clock, decides that a
/// holder is gone (<see cref="Cluster.SiloDeathReporter"/>).
/// </summary>
public sealed record LeaseOptions
{
    /// <summary>
    /// How many times a task may run before it fails its job; failed attempts and those of dead silos both count.
    /// Default 4: three retries ride out a crashed or pre-empted silo, a fourth failure is a real error.
    /// </summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Wait before the first retry; doubles with every further failed attempt. Default 5 s.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries. Default 5 min, so a long outage does not push retries out for hours.</summary>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A silo that failed (or died holding) this many attempts of one job gets no more tasks of that
    /// job. Default 3: one bad node (broken GPU, full disk) stops eating a job's attempts.
    /// </summary>
    public int BlocklistAfterFailures { get; init; } = 3;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range and why.</exception>
    public void Validate()
    {
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
