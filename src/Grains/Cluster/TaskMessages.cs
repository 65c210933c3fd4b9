using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>A ready task offered to the dispatcher by the grain that owns it.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskOffer
{
    /// <summary>The task (its id, cost, critical path and requirements order and filter it).</summary>
    [Id(0)] public required TaskSpec Spec { get; init; }

    /// <summary>Not to be handed out before this time (a retry's backoff); null: at once.</summary>
    [Id(1)] public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Its last attempt died with its silo: the dispatcher hands it to the next worker that can run it (<see cref="Scheduling.DispatchQueue.Expedite"/>).</summary>
    [Id(2)] public bool Lost { get; init; }
}

/// <summary>A worker silo asking for one task.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkRequest
{
    /// <summary>The asking silo's name.</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>The asking silo's Orleans address with its generation (SiloAddress.ToParsableString), which its death names.</summary>
    [Id(3)] public required string SiloAddress { get; init; }

    /// <summary>What it offers.</summary>
    [Id(1)] public required WorkerCapabilities Capabilities { get; init; }

    /// <summary>Segments whose flow it caches: their tasks come first.</summary>
    [Id(2)] public IReadOnlyList<SegmentRef> CachedSegments { get; init; } = [];
}

/// <summary>A task handed to a worker: the task as its owner leased it, under a fresh attempt token.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkGrant
{
    /// <summary>The task, Leased under <see cref="Token"/>.</summary>
    [Id(0)] public required TaskRecord Task { get; init; }

    /// <summary>The attempt's token: progress and the commit carry it; once the attempt is abandoned no call with it is accepted.</summary>
    [Id(1)] public required LeaseToken Token { get; init; }
}

/// <summary>How an attempt ended, as its worker reports it.</summary>
[GenerateSerializer, Immutable]
public sealed record AttemptResult
{
    /// <summary>The task.</summary>
    [Id(0)] public required TaskId Task { get; init; }

    /// <summary>The attempt's token.</summary>
    [Id(1)] public required LeaseToken Token { get; init; }

    /// <summary>Null when it succeeded; otherwise the error, in words.</summary>
    [Id(2)] public string? Error { get; init; }

    /// <summary>The error cannot go away by retrying (bad input): fail the task now.</summary>
    [Id(3)] public bool Permanent { get; init; }

    /// <summary>The plan a plan task produced.</summary>
    [Id(4)] public JobPlan? Plan { get; init; }
}

/// <summary>An attempt out: as an owner tells a dispatcher that lost its memory (moved to another silo), and as the dispatcher lists a job's running tasks.</summary>
[GenerateSerializer, Immutable]
public sealed record HeldAttempt
{
    /// <summary>The task.</summary>
    [Id(0)] public required TaskId Task { get; init; }

    /// <summary>The attempt's token.</summary>
    [Id(1)] public required LeaseToken Token { get; init; }

    /// <summary>The Orleans address of the silo running it.</summary>
    [Id(2)] public required string SiloAddress { get; init; }

    /// <summary>The name of the silo running it (as failures and the task list name it).</summary>
    [Id(3)] public string Silo { get; init; } = "";

    /// <summary>When the attempt began.</summary>
    [Id(4)] public DateTimeOffset Since { get; init; }
}
