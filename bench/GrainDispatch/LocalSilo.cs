using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Silo.Cluster;

namespace StyleFarm.Bench;

/// <summary>One silo in this process (localhost clustering) with the grains and file-backed grain state in a temporary folder.</summary>
public sealed class LocalSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private LocalSilo(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public string Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    /// <summary>Starts the silo; <paramref name="dashboard"/>: "off" (none), "idle" (the farm's Orleans Dashboard, nobody viewing it: its profiler off), "profiling" (its profiler always on, as while a page is viewed).</summary>
    public static async Task<LocalSilo> StartAsync(string dashboard = "off")
    {
        var folder = Directory.CreateTempSubdirectory("stylefarm-bench-grains-").FullName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort.Next(), gatewayPort: FreePort.Next());
            silo.Services.AddStyleFarmGrains();
            silo.Services.AddFileGrainStorage(GrainServices.Storage, folder);
            if (dashboard is "idle" or "profiling") silo.AddOrleansDashboard();
            if (dashboard == "profiling") silo.Configure<Orleans.Dashboard.GrainProfilerOptions>(o => o.TraceAlways = true);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new LocalSilo(host, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
