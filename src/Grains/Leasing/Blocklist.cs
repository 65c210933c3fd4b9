namespace StyleFarm.Grains.Leasing;

/// <summary>
/// The per-job blocklist rule: a silo with <see cref="LeaseOptions.BlocklistAfterFailures"/> or more
/// failed attempts (or attempts it died holding) on a job gets no more of that job's tasks (until the job is resumed,
/// which forgets the count). Other jobs are unaffected: the fault may be the job's input on that node.
/// If every silo is blocklisted, the job waits; its events show why.
/// </summary>
public sealed class Blocklist
{
    /// <summary>Uses the threshold of <paramref name="options"/>.</summary>
    public Blocklist(LeaseOptions options)
    {
        options.Validate();
        Threshold = options.BlocklistAfterFailures;
    }

    /// <summary>Failures on one job after which a silo is blocked for it.</summary>
    public int Threshold { get; }

    /// <summary>Whether a silo with <paramref name="failuresOnJob"/> failures on a job is blocked for it.</summary>
    public bool IsBlocked(int failuresOnJob) => failuresOnJob >= Threshold;
}
