using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Storage.Schema;
using StyleFarm.Silo.Telemetry;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// One silo process: an Orleans silo (<see cref="OrleansNode"/>) that hosts the coordination grains and joins the
/// farm's cluster on its PostgreSQL database (membership, grain state and reminders; the silo's name, roles and
/// capabilities as its metadata), or forms a cluster of one with grain state in a folder; then the chosen roles
/// (<see cref="ISiloRole"/>: worker, API) side by side, over the silo's grain factory. The coordinator role is no loop:
/// it is metadata that places the coordination grains (<see cref="CoordinatorPlacement"/>). Stopping (a cancelled token,
/// SIGTERM or Ctrl-C through <see cref="ShutdownSignal"/>) stops every role, which cleans up (the API answers its long
/// polls, the worker drops its task), then the silo leaves the cluster, which declares it dead at once, so its attempts
/// are offered again. A role that ends on its own is a failure: the host then stops the others and reports it.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly OrleansNode _node;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ISiloRole Role, Task Running)> _running = [];
    private readonly ILogger _log;
    private Task? _stopped;

    private SiloHost(SiloOptions options, OrleansNode node, HttpClient http, ILogger log)
    {
        Options = options;
        _node = node;
        _http = http;
        _log = log;
    }

    /// <summary>What the silo runs with.</summary>
    public SiloOptions Options { get; }

    /// <summary>Where the API listens; null without the API role.</summary>
    public Uri? ApiAddress { get; private set; }

    /// <summary>The Orleans silo this process hosts.</summary>
    public OrleansNode Node => _node;

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _node.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Migrates the farm database (PostgreSQL), starts the Orleans silo and its roles; returns once the silo has joined
    /// its cluster and the API (if any) listens.
    /// </summary>
    /// <param name="options">Roles, stores and settings.</param>
    /// <param name="plugins">The worker role and the metrics reader, built outside the host.</param>
    /// <param name="logs">Where the silo and its roles log.</param>
    /// <param name="time">The clock of the grains and the roles.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <exception cref="ArgumentException">The options are invalid, or a worker is asked for and <paramref name="plugins"/> has none.</exception>
    /// <exception cref="IOException">The database cannot be opened or the API cannot listen.</exception>
    /// <exception cref="OrleansException">The silo could not join its cluster (a port is taken, the database went away).</exception>
    public static async Task<SiloHost> StartAsync(SiloOptions options, SiloPlugins plugins, ILoggerFactory logs, TimeProvider time, CancellationToken cancellationToken)
    {
        options.Validate();
        if (options.Roles.HasFlag(SiloRoles.Worker) && plugins.Workers is null)
            throw new ArgumentException("this program has no worker role: run the silo with --role coordinator,api, or use a build that includes the executors");
        var log = logs.CreateLogger("StyleFarm.Silo");
        // Before the silo starts: the migrations create the tables and queries Orleans' providers read.
        if (options.Store.Kind == GrainStoreKind.Postgres)
            await FarmDatabase.MigrateAsync(options.Store.Target, cancellationToken).ConfigureAwait(false);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        OrleansNode? node = null;
        SiloHost? host = null;
        try
        {
            var artifacts = ArtifactStoreFactory.Create(options.Artifacts, http);
            node = await StartOrleansAsync(options, logs, time, cancellationToken).ConfigureAwait(false);
            artifacts = new MeteredArtifactStore(artifacts, node.Services.GetRequiredService<StyleFarmMetrics>());
            host = new SiloHost(options, node, http, log);
            var roles = host.BuildRoles(plugins, artifacts, logs, time);
            foreach (var role in roles)
                host._running.Add((role, Task.Run(() => role.RunAsync(host._stop.Token), CancellationToken.None)));
            log.LogInformation("silo {Silo}: {Roles} on {Store} as {Address}, artifacts in {Artifacts}", options.Name, SiloRoleNames.Format(options.Roles),
                options.Store, host.SiloAddress, artifacts);
            LogRoots(options, log);
            LogTelemetry(options, log);
            if (roles.OfType<ApiRole>().FirstOrDefault() is { } api)
            {
                // Whichever comes first: the API listening, or a role (the API's own start included) failing.
                var first = await Task.WhenAny(api.Listening, Task.WhenAny(host._running.Select(r => r.Running))).ConfigureAwait(false);
                if (first != api.Listening) await host.ThrowRoleFailureAsync().ConfigureAwait(false);
                host.ApiAddress = (await api.Listening.ConfigureAwait(false))[0];
            }
            return host;
        }
        catch
        {
            if (host is not null) await host.DisposeAsync().ConfigureAwait(false);
            else
            {
                if (node is not null) await node.DisposeAsync().ConfigureAwait(false);
                http.Dispose();
            }
            throw;
        }
    }

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled or a role ends on its own, then stops the silo.
    /// </summary>
    /// <exception cref="InvalidOperationException">A role failed or ended by itself; the message names it and why.</exception>
    public async Task WaitAsync(CancellationToken stop)
    {
        var stopRequested = Task.Delay(Timeout.InfiniteTimeSpan, stop);
        var roles = _running.Count == 0 ? Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None) : Task.WhenAny(_running.Select(r => r.Running));
        await Task.WhenAny(stopRequested, roles).ConfigureAwait(false);
        if (stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
            return;
        }
        await ThrowRoleFailureAsync().ConfigureAwait(false);
    }

    /// <summary>Stops every role, waits for them to clean up, then leaves the cluster. Idempotent.</summary>
    public Task StopAsync() => _stopped ??= StopOnceAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private string SiloAddress => _node.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    private static Task<OrleansNode> StartOrleansAsync(SiloOptions options, ILoggerFactory logs, TimeProvider time, CancellationToken cancellationToken)
    {
        var metadata = SiloMetadataKeys.Of(options.Name, SiloRoleNames.Format(options.Roles), options.Capabilities);
        return OrleansNode.StartAsync(silo =>
        {
            if (options.Store.Kind == GrainStoreKind.Postgres) silo.UsePostgresFarm(options.Cluster, options.Store.Target, metadata);
            else silo.UseFolderFarm(options.Cluster, options.Store.Target, metadata);
            silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = options.Name);
            // Every silo, whatever its roles: the dashboard served by an API silo shows the silos that have it.
            silo.AddOrleansDashboard();
            silo.Services.AddStyleFarmGrains(options.Lease, options.Graph, options.Dispatcher, time);
            silo.Services.AddFarmTelemetry(options.Telemetry, options.Name);
            // Grain calls carry the caller's span, so a task's grain calls nest under its span.
            if (options.Telemetry.ExportsTraces) silo.AddActivityPropagation();
        }, logs, cancellationToken);
    }

    private List<ISiloRole> BuildRoles(SiloPlugins plugins, IArtifactStore artifacts, ILoggerFactory logs, TimeProvider time)
    {
        var roles = new List<ISiloRole>();
        var services = _node.Services;
        if (Options.Roles.HasFlag(SiloRoles.Api))
        {
            var api = new ApiServices(Options.Name, Grains, services.GetRequiredService<JobTaskList>(), services.GetRequiredService<ISiloMetadataCache>(),
                plugins.Metrics?.Invoke(artifacts), time, Paths.PathPolicy.Under(Options.Paths), artifacts,
                Options.Telemetry.Prometheus ? services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>() : null);
            roles.Add(new ApiRole(ApiServer.Create(Options.Api!, api, logs), logs.CreateLogger("StyleFarm.Silo.Api")));
        }
        if (Options.Roles.HasFlag(SiloRoles.Worker))
            roles.Add(plugins.Workers!.Create(new WorkerRoleContext(Options, Grains, SiloAddress, artifacts, time, logs.CreateLogger("StyleFarm.Silo.Worker"),
                services.GetRequiredService<StyleFarmMetrics>(), services.GetRequiredService<StyleFarmTracing>())));
        return roles;
    }

    // A silo without roots refuses every local path: say so once, so a refused job is no surprise.
    private static void LogRoots(SiloOptions options, ILogger log)
    {
        if (!options.Roles.HasFlag(SiloRoles.Worker) && !options.Roles.HasFlag(SiloRoles.Api)) return;
        var roots = options.Paths.Canonical();
        if (roots.Input.Count == 0) log.LogWarning("silo {Silo}: no --input-root: jobs may read inputs and style images only from http(s) URLs, no local path", options.Name);
        else log.LogInformation("silo {Silo}: jobs read local inputs and style images only under {Roots}", options.Name, string.Join(", ", roots.Input));
        if (roots.Output.Count == 0) log.LogWarning("silo {Silo}: no --output-root: jobs may write outputs only to blob URLs, no local path", options.Name);
        else log.LogInformation("silo {Silo}: jobs write local outputs only under {Roots}", options.Name, string.Join(", ", roots.Output));
    }

    // Where this silo's numbers go (the endpoint without path or query), or that they go nowhere.
    private static void LogTelemetry(SiloOptions options, ILogger log)
    {
        var telemetry = options.Telemetry;
        if (!telemetry.ExportsMetrics) return;
        if (telemetry.EndpointForLogs is { } endpoint)
            log.LogInformation("silo {Silo}: metrics and traces go to {Endpoint} over OTLP ({Protocol})", options.Name, endpoint, telemetry.OtlpProtocol);
        if (telemetry.Prometheus) log.LogInformation("silo {Silo}: Prometheus scrapes GET {Path} on the API's port", options.Name, TelemetryOptions.PrometheusPath);
    }

    private async Task ThrowRoleFailureAsync()
    {
        var ended = _running.First(r => r.Running.IsCompleted);
        var reason = ended.Running.Exception?.InnerException?.Message ?? "it ended by itself";
        _log.LogError("silo {Silo}: the {Role} role stopped ({Reason}); stopping the silo", Options.Name, ended.Role.Name, reason);
        await StopAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"the {ended.Role.Name} role of silo {Options.Name} stopped: {reason}", ended.Running.Exception?.InnerException);
    }

    private async Task StopOnceAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var (role, running) in _running)
        {
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.LogWarning("silo {Silo}: the {Role} role failed while stopping: {Error}", Options.Name, role.Name, e.Message);
            }
        }
        // Last: the silo leaves the cluster cleanly (declared dead at once, instead of after missed probes).
        await _node.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _log.LogInformation("silo {Silo}: stopped", Options.Name);
    }
}
