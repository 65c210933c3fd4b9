using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Hosting;

/// <summary>What a worker role is built from: the silo's options and its opened stores.</summary>
/// <param name="Options">The silo's options (name, capabilities, lease terms, cache, device, models).</param>
/// <param name="Store">The farm's task store (leases, jobs, wake-ups).</param>
/// <param name="Artifacts">The farm's artifact store.</param>
/// <param name="Time">The clock of leases, heartbeats and polls.</param>
/// <param name="Log">Where the worker reports its tasks.</param>
public sealed record WorkerRoleContext(SiloOptions Options, ITaskStore Store, IArtifactStore Artifacts, TimeProvider Time, ILogger Log);
