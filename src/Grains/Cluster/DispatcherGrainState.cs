using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// What the dispatcher persists (its offers and cache affinity are memory only: owners re-offer, workers re-report):
/// the running jobs, whose owners re-offer their tasks when it moves; the stamp of the last "started"/"stopped" applied per
/// job, so a late message of an earlier run is ignored; and the attempts out, so that a dispatcher that moved together with a
/// shot grain still knows which attempts live silos run (the moved shot keeps them) and which were lost with a dead silo (taken
/// back and handed out first). The attempts are written at most once per <see cref="DispatcherOptions.AttemptsFlushInterval"/>,
/// not per grant: an attempt begun or ended within that interval before the dispatcher's silo died is missing or stale here.
/// Small: about 80 bytes per attempt out (a farm has one per busy executor) and a few dozen per job.
/// </summary>
[GenerateSerializer]
public sealed class DispatcherGrainState
{
    /// <summary>The running jobs.</summary>
    [Id(0)] public HashSet<JobId> Jobs { get; set; } = [];

    /// <summary>
    /// Per job, the last "started"/"stopped" message applied (<see cref="Coordination.JobRunStamp.Order"/>) and when: kept for the
    /// running jobs, and for a stopped job for <see cref="DispatcherOptions.StoppedJobStampsKept"/> after its stop.
    /// </summary>
    [Id(1)] public Dictionary<JobId, AppliedJobStamp> Stamps { get; set; } = [];

    /// <summary>The attempts out, by silo, as of the last flush.</summary>
    [Id(2)] public List<SiloAttempts> Attempts { get; set; } = [];
}

/// <summary>The last job message the dispatcher applied: its <see cref="Coordination.JobRunStamp.Order"/> and when it was applied.</summary>
[GenerateSerializer, Immutable]
public readonly record struct AppliedJobStamp([property: Id(0)] long Order, [property: Id(1)] DateTimeOffset At);
