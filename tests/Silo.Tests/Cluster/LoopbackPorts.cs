using System.Net;
using System.Net.Sockets;
using StyleFarm.Silo.Cluster;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>Free loopback ports for the Orleans silos the tests start side by side.</summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port on 127.0.0.1 that is free now and not handed out before in this process: the kernel may offer a port
    /// again as soon as its probe closes, and a silo and gateway port that came out equal failed a run.
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            lock (Given)
            {
                if (Given.Add(port)) return port;
            }
        }
    }

    /// <summary>A cluster membership of its own ports, with the tightened timings of a farm on one machine.</summary>
    public static FarmClusterOptions Cluster() => new() { SiloPort = Free(), GatewayPort = Free(), Membership = MembershipTimings.Tightened };
}
