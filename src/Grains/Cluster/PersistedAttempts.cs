using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The dispatcher's attempts out (<see cref="HeldAttempt"/>) as it persists them, compactly: grouped by silo, whose name and
/// address are written once, then per attempt its job, task key, token and start (about 80 bytes an attempt).
/// </summary>
public static class PersistedAttempts
{
    /// <summary>The persisted form of <paramref name="attempts"/>, by silo, each silo's attempts in task order.</summary>
    public static List<SiloAttempts> Of(IEnumerable<HeldAttempt> attempts) => attempts
        .GroupBy(a => (a.Silo, a.SiloAddress))
        .OrderBy(g => g.Key.SiloAddress, StringComparer.Ordinal)
        .Select(g => new SiloAttempts
        {
            Silo = g.Key.Silo,
            Address = g.Key.SiloAddress,
            Attempts = g.OrderBy(a => a.Task).Select(a => new AttemptEntry { Job = a.Task.Job.Value, Task = a.Task.Key, Token = a.Token.Value, Since = a.Since }).ToList(),
        })
        .ToList();

    /// <summary>The attempts <paramref name="silos"/> hold.</summary>
    /// <exception cref="FormatException">A task key is not one <see cref="TaskId"/> writes (damaged state).</exception>
    public static IEnumerable<HeldAttempt> Restore(IEnumerable<SiloAttempts> silos) =>
        silos.SelectMany(s => s.Attempts.Select(a => new HeldAttempt
        {
            Task = TaskId.Parse(new JobId(a.Job), a.Task),
            Token = new LeaseToken(a.Token),
            SiloAddress = s.Address,
            Silo = s.Silo,
            Since = a.Since,
        }));
}

/// <summary>One silo's attempts out, as the dispatcher persists them.</summary>
[GenerateSerializer]
public sealed class SiloAttempts
{
    /// <summary>The silo's name (as failures and the task list name it).</summary>
    [Id(0)] public string Silo { get; set; } = "";

    /// <summary>Its Orleans address with its generation (what its death names).</summary>
    [Id(1)] public string Address { get; set; } = "";

    /// <summary>Its attempts.</summary>
    [Id(2)] public List<AttemptEntry> Attempts { get; set; } = [];
}

/// <summary>One attempt out.</summary>
[GenerateSerializer]
public struct AttemptEntry
{
    /// <summary>The task's job.</summary>
    [Id(0)] public Guid Job;

    /// <summary>The task's key within its job (<see cref="TaskId.Key"/>).</summary>
    [Id(1)] public string Task;

    /// <summary>The attempt's token.</summary>
    [Id(2)] public Guid Token;

    /// <summary>When the attempt began (its owner's clock; a moved shot compares it with the task's stored start).</summary>
    [Id(3)] public DateTimeOffset Since;
}
