using System.Net;
using System.Net.Sockets;
using StyleFarm.Silo.Cluster;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>Free loopback ports for the Orleans silos the tests start side by side.</summary>
public static class LoopbackPorts
{
    /// <summary>A port on 127.0.0.1 that is free now.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A cluster membership of its own ports, with the tightened timings of a farm on one machine.</summary>
    public static FarmClusterOptions Cluster() => new() { SiloPort = Free(), GatewayPort = Free(), Membership = MembershipTimings.Tightened };
}
