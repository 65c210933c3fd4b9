using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Leasing;

/// <summary>The lease on a Leased task: its attempt's token, holder and start. It has no expiry: it ends with a commit, a failure, or the holder's death.</summary>
/// <param name="Token">Names the lease (the attempt token).</param>
/// <param name="Silo">Who holds it.</param>
/// <param name="AcquiredAt">When it was granted.</param>
public sealed record LeaseInfo(LeaseToken Token, SiloId Silo, DateTimeOffset AcquiredAt);
