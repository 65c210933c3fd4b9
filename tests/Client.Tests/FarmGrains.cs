using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Cluster;

namespace StyleFarm.Client.Tests;

/// <summary>
/// An Orleans client of a local farm (through its PostgreSQL membership table and the silos' gateways): what the tests
/// ask the cluster that the HTTP API does not tell, such as which silo hosts a job's grains.
/// </summary>
public sealed class FarmGrains : IAsyncDisposable
{
    private readonly IHost _host;

    private FarmGrains(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects through the membership table in the database <paramref name="connectionString"/> names (the silos' role and password).</summary>
    public static async Task<FarmGrains> ConnectAsync(string connectionString)
    {
        OrleansStorage.RegisterNpgsql();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o =>
            {
                o.Invariant = OrleansStorage.PostgresInvariant;
                o.ConnectionString = connectionString;
            })
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (FarmClusterOptions.DefaultClusterId, FarmClusterOptions.DefaultClusterId))
            // A call into a silo that just died would otherwise wait 30 s.
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        builder.Services.AddStyleFarmSerialization();
        var host = builder.Build();
        await host.StartAsync();
        return new FarmGrains(host);
    }

    /// <summary>The names of the silos hosting job <paramref name="id"/>'s grain and its shot grains (activating none).</summary>
    public async Task<(string Job, IReadOnlyList<string> Shots)> HostsAsync(JobId id, int shots)
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        var names = (await management.GetDetailedHosts(onlyActive: true)).ToDictionary(h => h.SiloAddress, h => h.SiloName);
        var job = await management.GetActivationAddress(Client.GetGrain<IJobGrain>(id.ToString()));
        var shotHosts = new List<string>();
        for (var s = 0; s < shots; s++)
        {
            var address = await management.GetActivationAddress(Client.GetGrain<IShotGrain>(ShotKey.Of(id, s)));
            shotHosts.Add(address is null ? "" : names.GetValueOrDefault(address, ""));
        }
        return (job is null ? "" : names.GetValueOrDefault(job, ""), shotHosts);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(patience.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
