using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// The one Orleans silo of an embedded farm (`stylefarm render`, the tests' and benches' farms in one process): a
/// cluster of its own on free loopback ports, the job, shot and dispatcher grains, their state as files in a folder
/// (so a killed render, run again, finds its job where it was), and metadata naming it a coordinator and worker.
/// </summary>
public static class EmbeddedSilo
{
    /// <summary>
    /// Starts the silo with grain state in <paramref name="stateFolder"/>, the retry rules of <paramref name="lease"/>, and
    /// the grains' clock <paramref name="clock"/> (default: the system's).
    /// </summary>
    public static Task<OrleansNode> StartAsync(string stateFolder, LeaseOptions lease, ILoggerFactory logs, CancellationToken cancellationToken,
        TaskGraphOptions? graph = null, WorkerCapabilities? capabilities = null, TimeProvider? clock = null) =>
        OrleansNode.StartAsync(silo =>
        {
            // A cluster of its own per process: two renders on one machine never meet.
            var (siloPort, gatewayPort) = TwoFreePorts();
            var cluster = new FarmClusterOptions { ClusterId = "render-" + Guid.NewGuid().ToString("N")[..12], ServiceId = "stylefarm-render", SiloPort = siloPort, GatewayPort = gatewayPort };
            // Without capabilities its workers are unknown here: it does not claim the worker role (the job grain would hold plans against 0 bytes).
            var metadata = SiloMetadataKeys.Of("render", capabilities is null ? "coordinator" : "coordinator,worker", capabilities ?? new WorkerCapabilities(0, 0, 0));
            silo.UseFolderFarm(cluster, stateFolder, metadata);
            silo.Services.AddStyleFarmGrains(lease, graph, clock: clock);
        }, logs, cancellationToken);

    /// <summary>Two distinct free ports: both probes listen at once, as one closed probe's port may be offered again at once.</summary>
    private static (int, int) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
