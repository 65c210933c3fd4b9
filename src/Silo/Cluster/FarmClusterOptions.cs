using System.Net;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// Where a silo meets its cluster: the Orleans cluster and service ids, its own silo-to-silo and gateway
/// ports and the address it gives the others, and the membership timings. Every default is given here.
/// </summary>
public sealed record FarmClusterOptions
{
    /// <summary>The default cluster id: one farm per database.</summary>
    public const string DefaultClusterId = "stylefarm";

    /// <summary>The cluster (Orleans' deployment) id (`--cluster-id`); silos with the same id on the same database form one cluster. Default "stylefarm".</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The service id (`--service-id`), which keys grain state and reminders; it must stay the same across redeployments. Default "stylefarm".</summary>
    public string ServiceId { get; init; } = DefaultClusterId;

    /// <summary>The port other silos reach this one on (`--silo-port`). Default 11111 (Orleans' default).</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The port clients reach this silo's gateway on (`--gateway-port`). Default 30000 (Orleans' default).</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address this silo gives the others (`--advertise`). Default 127.0.0.1: a farm on one machine; a real farm gives the node's address.</summary>
    public IPAddress AdvertisedAddress { get; init; } = IPAddress.Loopback;

    /// <summary>How fast a dead silo is declared. Default: <see cref="MembershipTimings"/>'s (Orleans' production values).</summary>
    public MembershipTimings Membership { get; init; } = new();

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId)) throw new ArgumentException($"the cluster id is empty: give --cluster-id NAME, or leave it out for {DefaultClusterId}", nameof(ClusterId));
        if (string.IsNullOrWhiteSpace(ServiceId)) throw new ArgumentException($"the service id is empty: give --service-id NAME, or leave it out for {DefaultClusterId}", nameof(ServiceId));
        if (SiloPort is < 1 or > 65535) throw new ArgumentException($"the silo port is {SiloPort}: give 1 … 65535", nameof(SiloPort));
        if (GatewayPort is < 1 or > 65535) throw new ArgumentException($"the gateway port is {GatewayPort}: give 1 … 65535", nameof(GatewayPort));
        if (SiloPort == GatewayPort) throw new ArgumentException($"the silo and gateway ports are both {SiloPort}: give two ports", nameof(GatewayPort));
        Membership.Validate();
    }
}
