namespace StyleFarm.Silo.Hosting;

/// <summary>How the coordinator role paces itself (the domain settings it uses are in <see cref="SiloOptions"/>).</summary>
public sealed record CoordinatorRoleOptions
{
    /// <summary>
    /// How often the holder advances every active job and sweeps expired leases when nothing wakes it.
    /// Default 1 s: a job change wakes it at once, but a finished task does not, so this bounds how long
    /// a task whose dependencies just succeeded waits to become Ready (one round is a few indexed queries a job).
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a standby (a silo with the role whose lock another holds) tries to take the lock.
    /// Default 5 s: the longest a farm goes without a coordinator after the holder stops, against one
    /// cheap query per standby.
    /// </summary>
    public TimeSpan StandbyInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (Interval <= TimeSpan.Zero)
            throw new ArgumentException($"coordinator interval {Interval} must be positive", nameof(Interval));
        if (StandbyInterval <= TimeSpan.Zero)
            throw new ArgumentException($"coordinator standby interval {StandbyInterval} must be positive", nameof(StandbyInterval));
    }
}
