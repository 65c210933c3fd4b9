namespace StyleFarm.Silo.Cluster;

/// <summary>
/// How fast Orleans' cluster membership declares a silo dead: one options class for the whole farm, whose
/// values every silo of a cluster must share. Production defaults are Orleans' own (SIGKILL detected in
/// 5.7–12.3 s, a hung silo in about 61 s, measured here); <see cref="Tightened"/> is what the tests and
/// the local farm use (SIGKILL in about 1 s, a hang in about 8.5 s).
/// </summary>
public sealed record MembershipTimings
{
    /// <summary>How long a silo waits for a probe's answer before it counts as missed. Default 5 s (Orleans' default).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes in a row after which a silo suspects the one it probes. Default 3 (Orleans' default).</summary>
    public int NumMissedProbesLimit { get; init; } = 3;

    /// <summary>Suspicions (votes) that declare a silo dead. Default 2 (Orleans' default): one wrong observer cannot kill a healthy silo.</summary>
    public int NumVotesForDeathDeclaration { get; init; } = 2;

    /// <summary>How often a silo reads the membership table (and sees deaths others declared). Default 60 s (Orleans' default).</summary>
    public TimeSpan TableRefreshTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a silo writes its I-am-alive time to the table (for `cluster ps` and the dashboard). Default 30 s (Orleans' default).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a silo's death, how long the distributed grain directory refuses to place its grains (and, when a range's entries
    /// could not be taken from the dead owner, any grain of that range) again, counted from the estimated failure (the declaration
    /// less the failure-detection window): the time a silo wrongly declared dead needs to notice it and stop. Default 0
    /// means Orleans' own (<c>GrainDirectoryOptions.DEFAULT_RANGE_LEASE_DURATION</c>). A grain of a dead silo waits it out
    /// (about 22 s after the declaration with Orleans' default on the tightened timings, measured by bench/farm-throughput.sh --kills).
    /// </summary>
    public TimeSpan DirectoryLease { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The local farm's and the tests' timings: a probe a second, 2 missed probes and 1 vote declare death, the
    /// table read every 2 s. Loopback and one machine make false suspicions unlikely; a WAN farm keeps the defaults.
    /// </summary>
    public static MembershipTimings Tightened { get; } = new()
    {
        ProbeTimeout = TimeSpan.FromSeconds(1),
        NumMissedProbesLimit = 2,
        NumVotesForDeathDeclaration = 1,
        TableRefreshTimeout = TimeSpan.FromSeconds(2),
        IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5),
        // About the detection window (2 probes of 1 s): the lease ends as the death is declared. A silo declared dead by mistake
        // may then briefly hold a duplicate grain: grain state writes (ETags) and attempt tokens refuse its late writes.
        DirectoryLease = TimeSpan.FromSeconds(2),
    };

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (ProbeTimeout <= TimeSpan.Zero) throw new ArgumentException($"the membership probe timeout is {ProbeTimeout}: it must be positive", nameof(ProbeTimeout));
        if (NumMissedProbesLimit < 1) throw new ArgumentException($"the missed-probe limit is {NumMissedProbesLimit}: it must be at least 1", nameof(NumMissedProbesLimit));
        if (NumVotesForDeathDeclaration < 1) throw new ArgumentException($"the votes for a death are {NumVotesForDeathDeclaration}: at least 1", nameof(NumVotesForDeathDeclaration));
        if (TableRefreshTimeout <= TimeSpan.Zero) throw new ArgumentException($"the membership table refresh is {TableRefreshTimeout}: it must be positive", nameof(TableRefreshTimeout));
        if (DirectoryLease < TimeSpan.Zero) throw new ArgumentException($"the directory lease after a death is {DirectoryLease}: it must not be negative", nameof(DirectoryLease));
        if (IAmAliveTablePublishTimeout <= TimeSpan.Zero) throw new ArgumentException($"the I-am-alive publish interval is {IAmAliveTablePublishTimeout}: it must be positive", nameof(IAmAliveTablePublishTimeout));
    }
}
