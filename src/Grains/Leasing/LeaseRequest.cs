using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// A worker's request for one task. The store picks, in one atomic step, the first task in
/// <see cref="LeaseOrder"/> among those <see cref="LeaseEligibility"/> accepts, and leases it under
/// <see cref="Token"/> until <see cref="ExpiresAt"/>. Build it with <see cref="LeaseTerms.Request"/>.
/// </summary>
/// <param name="Silo">The requesting silo.</param>
/// <param name="Capabilities">What it offers.</param>
/// <param name="CachedSegments">Segments whose flow it holds in its cache: their tasks come first.</param>
/// <param name="Token">The new lease's token.</param>
/// <param name="Now">The time of the request (backoff is measured against it).</param>
/// <param name="ExpiresAt">When the new lease expires unless renewed.</param>
/// <param name="BlocklistAfterFailures">Failures of this silo on a job after which it takes none of that job's tasks.</param>
public sealed record LeaseRequest(
    SiloId Silo,
    WorkerCapabilities Capabilities,
    IReadOnlySet<SegmentRef> CachedSegments,
    LeaseToken Token,
    DateTimeOffset Now,
    DateTimeOffset ExpiresAt,
    int BlocklistAfterFailures);
