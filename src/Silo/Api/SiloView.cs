using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Api;

/// <summary>A registered silo in <c>GET /api/silos</c>.</summary>
/// <param name="Id">Its name.</param>
/// <param name="Gpus">GPUs its worker offers.</param>
/// <param name="GpuMemoryBytes">Memory of one GPU.</param>
/// <param name="MemoryBytes">Host memory its worker may use.</param>
/// <param name="StartedAt">When it registered.</param>
/// <param name="LastHeartbeat">When it last said it is alive.</param>
/// <param name="Alive">Whether its heartbeat is recent enough (<see cref="SiloHealth"/>).</param>
public sealed record SiloView(string Id, int Gpus, long GpuMemoryBytes, long MemoryBytes, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat, bool Alive)
{
    /// <summary>The view of <paramref name="silo"/>, alive or not by <paramref name="health"/> at <paramref name="now"/>.</summary>
    public static SiloView Of(SiloRecord silo, SiloHealth health, DateTimeOffset now) =>
        new(silo.Id.Value, silo.Capabilities.Gpus, silo.Capabilities.GpuMemoryBytes, silo.Capabilities.MemoryBytes,
            silo.StartedAt, silo.LastHeartbeat, !health.IsDead(silo, now));
}
