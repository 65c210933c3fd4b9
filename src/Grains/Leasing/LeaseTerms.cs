using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// The worker's side of <see cref="LeaseOptions"/>, on the clock of a <see cref="TimeProvider"/>:
/// builds lease requests, and says when to heartbeat and until when a renewal extends the lease.
/// </summary>
public sealed class LeaseTerms
{
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Uses <paramref name="options"/> on the clock of <paramref name="time"/>.</summary>
    public LeaseTerms(LeaseOptions options, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _time = time;
    }

    /// <summary>How often the worker renews a lease it holds.</summary>
    public TimeSpan HeartbeatInterval => _options.HeartbeatInterval;

    /// <summary>A request for one task by <paramref name="silo"/>, stamped now, with a fresh token.</summary>
    public LeaseRequest Request(SiloId silo, WorkerCapabilities capabilities, IReadOnlySet<SegmentRef>? cachedSegments = null)
    {
        var now = _time.GetUtcNow();
        return new LeaseRequest(silo, capabilities, cachedSegments ?? new HashSet<SegmentRef>(), LeaseToken.New(),
            now, now + _options.Duration, _options.BlocklistAfterFailures);
    }

    /// <summary>The expiry a renewal made now sets: now + <see cref="LeaseOptions.Duration"/>.</summary>
    public DateTimeOffset RenewedExpiry() => _time.GetUtcNow() + _options.Duration;

    /// <summary>When to renew a lease last renewed (or granted) at <paramref name="lastRenewal"/>.</summary>
    public DateTimeOffset NextHeartbeat(DateTimeOffset lastRenewal) => lastRenewal + _options.HeartbeatInterval;
}
