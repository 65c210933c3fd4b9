using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Leasing;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// The one Orleans silo of an embedded render: localhost clustering on free loopback ports, the job, shot and
/// dispatcher grains, their state as files in a folder of the render's workspace (so a killed render, run again,
/// finds its job where it was).
/// </summary>
public static class EmbeddedSilo
{
    /// <summary>Starts the silo with grain state in <paramref name="stateFolder"/> and the retry rules of <paramref name="lease"/>.</summary>
    public static Task<OrleansNode> StartAsync(string stateFolder, LeaseOptions lease, ILoggerFactory logs, CancellationToken cancellationToken) =>
        OrleansNode.StartAsync(silo =>
        {
            // A cluster of its own per render: two renders on one machine never meet.
            var id = "render-" + Guid.NewGuid().ToString("N")[..12];
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "stylefarm-render", clusterId: id);
            silo.Services.AddStyleFarmGrains(lease);
            silo.Services.AddFileGrainStorage(GrainServices.Storage, stateFolder);
        }, logs, cancellationToken);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
