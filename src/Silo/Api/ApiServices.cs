using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Api;

/// <summary>What the API's routes work with.</summary>
/// <param name="SiloName">The silo serving the API (for /healthz).</param>
/// <param name="Store">The farm's task store.</param>
/// <param name="Coordinator">Submits jobs and carries out users' actions (stateless: any silo may).</param>
/// <param name="Metrics">Finished jobs' quality figures; null when nothing reports them (the seam ratio is then null).</param>
/// <param name="Health">Tells live silos from dead ones.</param>
/// <param name="Time">The clock of long polls and silo health.</param>
public sealed record ApiServices(
    string SiloName,
    ITaskStore Store,
    Coordinator Coordinator,
    IJobMetricsSource? Metrics,
    SiloHealth Health,
    TimeProvider Time);
