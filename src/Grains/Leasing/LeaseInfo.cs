using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Leasing;

/// <summary>The lease on a Leased task.</summary>
/// <param name="Token">Names the lease.</param>
/// <param name="Silo">Who holds it.</param>
/// <param name="AcquiredAt">When it was granted.</param>
/// <param name="ExpiresAt">When it expires unless renewed.</param>
public sealed record LeaseInfo(LeaseToken Token, SiloId Silo, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
