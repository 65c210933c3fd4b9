using Orleans.Runtime.MembershipService.SiloMetadata;
using StyleFarm.Grains.Cluster;

namespace StyleFarm.Silo.Api;

/// <summary>What the API's routes work with: the grains of the silo serving it.</summary>
/// <param name="SiloName">The silo serving the API (for /healthz).</param>
/// <param name="Grains">The silo's grain factory: job grains, the job list, the dispatcher, the management grain, the Orleans Dashboard's grains.</param>
/// <param name="Tasks">Reads a job's tasks without waking its shot grains.</param>
/// <param name="Metadata">Every silo's metadata (name, roles, capabilities), for the silo list.</param>
/// <param name="Metrics">Finished jobs' quality figures; null when nothing reports them (the seam ratio is then null).</param>
/// <param name="Time">The clock of long polls.</param>
/// <param name="Paths">Which local paths submitted jobs may name (the silo's roots).</param>
/// <param name="Artifacts">The farm's artifact store, where the dashboard finds running segments' frames; null: the dashboard shows none.</param>
/// <param name="Prometheus">The silo's meter provider, whose Prometheus exporter <c>GET /metrics</c> serves; null: no /metrics (the default).</param>
public sealed record ApiServices(
    string SiloName,
    IGrainFactory Grains,
    JobTaskList Tasks,
    ISiloMetadataCache Metadata,
    IJobMetricsSource? Metrics,
    TimeProvider Time,
    Paths.PathPolicy Paths,
    Grains.Artifacts.IArtifactStore? Artifacts = null,
    OpenTelemetry.Metrics.MeterProvider? Prometheus = null);
