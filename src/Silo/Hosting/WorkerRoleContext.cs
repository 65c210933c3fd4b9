using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Silo.Hosting;

/// <summary>What a worker role is built from: the silo's options, its Orleans silo and its artifact store.</summary>
/// <param name="Options">The silo's options (name, capabilities, cache, device, models).</param>
/// <param name="Grains">The silo's grain factory (the dispatcher, the owners of tasks).</param>
/// <param name="SiloAddress">The silo's Orleans address with its generation, which its death names.</param>
/// <param name="Artifacts">The farm's artifact store.</param>
/// <param name="Time">The clock of idle waits and checks.</param>
/// <param name="Log">Where the worker reports its tasks.</param>
/// <param name="Metrics">The silo's meter (tasks, frames, flow cache).</param>
/// <param name="Tracing">The silo's activity source (task spans).</param>
public sealed record WorkerRoleContext(SiloOptions Options, IGrainFactory Grains, string SiloAddress, IArtifactStore Artifacts, TimeProvider Time, ILogger Log,
    StyleFarmMetrics Metrics, StyleFarmTracing Tracing);
