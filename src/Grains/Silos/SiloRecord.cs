namespace StyleFarm.Grains.Silos;

/// <summary>
/// A silo's row in the store. Its heartbeat is separate from its leases' heartbeats, so a silo that is
/// alive but stuck on one task and a silo that is gone are told apart.
/// </summary>
/// <param name="Id">The silo.</param>
/// <param name="Capabilities">What its worker offers.</param>
/// <param name="StartedAt">When it registered.</param>
/// <param name="LastHeartbeat">When it last said it is alive.</param>
public sealed record SiloRecord(SiloId Id, WorkerCapabilities Capabilities, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat);
