using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// The Orleans silo inside a `stylefarm silo` process: a generic host running Orleans, started before the
/// roles and stopped after them. Its logs go to the process's logger factory.
/// </summary>
public sealed class OrleansNode : IAsyncDisposable
{
    private readonly IHost _host;

    /// <summary>
    /// How long stopping waits for the silo to leave its cluster cleanly (its grains deactivated, itself marked dead in the
    /// membership table) before the host is released anyway. 30 s: Orleans' own stop takes a few seconds on a live
    /// database; the rest covers a database that answers slowly. The Helm chart's terminationGracePeriodSeconds exceeds it.
    /// </summary>
    public static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    private OrleansNode(IHost host) => _host = host;

    /// <summary>The silo's services (grain factory, membership, metadata).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds and starts a silo configured by <paramref name="configure"/>; returns once it has joined its cluster.</summary>
    /// <exception cref="OrleansException">The silo could not join (the database is unreachable, its tables are missing, a port is taken).</exception>
    public static async Task<OrleansNode> StartAsync(Action<ISiloBuilder> configure, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(logs);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.UseOrleans(configure);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new OrleansNode(host);
    }

    /// <summary>Leaves the cluster cleanly (the silo marks itself dead in the membership table), then releases the host.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var patience = new CancellationTokenSource(StopPatience);
            await _host.StopAsync(patience.Token).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
