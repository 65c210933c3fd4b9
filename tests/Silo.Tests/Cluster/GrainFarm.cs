using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Leasing;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Tests.Artifacts;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// The job, shot and dispatcher grains on an in-process Orleans cluster of <paramref name="silos"/> silos with the
/// tightened membership timings and grain state in files (which outlive a killed silo, as PostgreSQL would). A test may set
/// the dispatcher's options (<paramref name="dispatcher"/>) and add to each silo (<paramref name="configure"/>: a call filter).
/// </summary>
public sealed class GrainFarm(short silos = 3, TempFolder? state = null, DispatcherOptions? dispatcher = null, Action<Orleans.Hosting.ISiloBuilder>? configure = null) : IAsyncLifetime
{
    private readonly TempFolder _state = state ?? new TempFolder();
    private readonly bool _ownsState = state is null;
    private InProcessTestCluster? _cluster;

    /// <summary>The folder of the grains' state (another farm on it plays a whole-cluster restart).</summary>
    public TempFolder State => _state;

    /// <summary>Where the silos log (diagnostics, <see cref="SiloLogFile"/>), or null when STYLEFARM_TEST_SILO_LOGS is unset.</summary>
    public string? LogPath { get; } = SiloLogFile.Folder is { } logs ? Path.Combine(logs, $"farm-{DateTime.UtcNow:HHmmss.fff}-{Guid.NewGuid():N}.log") : null;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    /// <summary>Quick retries, so failure tests take no time; a silo that failed 2 attempts of a job gets no more of it.</summary>
    public static LeaseOptions Lease { get; } = new()
    {
        BackoffBase = TimeSpan.FromMilliseconds(50), BackoffCap = TimeSpan.FromMilliseconds(200), MaxAttempts = 4, BlocklistAfterFailures = 2,
    };

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(silos);
        var folder = _state.Path;
        var logPath = LogPath;
        builder.ConfigureSilo((options, silo) =>
        {
            if (logPath is not null) silo.Services.AddLogging(l => SiloLogFile.Add(l, logPath, options.SiloName));
            silo.Services.AddStyleFarmGrains(Lease, dispatcher: dispatcher);
            silo.Services.AddFileGrainStorage(GrainServices.Storage, folder);
            silo.UseFarmMembership(MembershipTimings.Tightened).UseFarmGrainDirectory();
            configure?.Invoke(silo);
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddStyleFarmSerialization();
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_ownsState) _state.Dispose();
    }

    /// <summary>Names the silos' log in the test's output (when there is one), then stops the farm.</summary>
    public Task DisposeAsync(ITestOutputHelper output)
    {
        if (LogPath is { } log) output.WriteLine($"silo log: {log}");
        return DisposeAsync();
    }

    /// <summary>A worker on silo <paramref name="silo"/> of the cluster.</summary>
    public TestWorker Worker(int silo, string name) => new(this, Cluster.Silos[silo], name);

    /// <summary>The grain factory of a live silo (workers are silos: their calls fail fast when a grain's silo dies).</summary>
    public IGrainFactory Grains(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<IGrainFactory>();
}
