namespace StyleFarm.Bench;

/// <summary>A loopback port free at the moment of asking; compiled into each bench that starts a silo of its own.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
