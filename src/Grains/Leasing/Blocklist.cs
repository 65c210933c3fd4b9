namespace StyleFarm.Grains.Leasing;

/// <summary>
/// The per-job blocklist rule: a silo with <see cref="LeaseOptions.BlocklistAfterFailures"/> or more
/// failed or expired attempts on a job leases no more of that job's tasks (until the job is resumed,
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
    public bool IsBlocked(int failuresOnJob) => IsBlocked(failuresOnJob, Threshold);

    /// <summary>The rule itself, for stores that get the threshold with a <see cref="LeaseRequest"/>.</summary>
    public static bool IsBlocked(int failuresOnJob, int threshold) => failuresOnJob >= threshold;
}
