using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using Orleans.Hosting;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// One silo process: opens the task and artifact stores, joins the farm's Orleans cluster (a PostgreSQL store:
/// membership, grain state and reminders in the same database; the silo's name, roles and capabilities as its
/// metadata), registers the silo and heartbeats it, takes back the
/// leases an earlier process of the same silo left behind (<see cref="PredecessorLeases"/>), and runs
/// the chosen roles (<see cref="ISiloRole"/>: worker, coordinator, API) side by side. Stopping (a
/// cancelled token, SIGTERM or Ctrl-C through <see cref="ShutdownSignal"/>) stops every role, which
/// cleans up (the coordinator gives its lock back, the API answers its long polls, the worker abandons
/// its task), then removes the silo's row and closes the stores. A role that ends on its own is a
/// failure: the host then stops the others and reports it.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly ITaskStore _store;
    private readonly HttpClient _http;
    private readonly SiloRegistration _registration;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ISiloRole Role, Task Running)> _running = [];
    private readonly ILogger _log;
    private Task? _heartbeat;
    private Task? _stopped;
    private OrleansNode? _node;

    private SiloHost(SiloOptions options, ITaskStore store, HttpClient http, SiloRegistration registration, ILogger log)
    {
        Options = options;
        _store = store;
        _http = http;
        _registration = registration;
        _log = log;
    }

    /// <summary>What the silo runs with.</summary>
    public SiloOptions Options { get; }

    /// <summary>The task store it opened.</summary>
    public ITaskStore Store => _store;

    /// <summary>Where the API listens; null without the API role.</summary>
    public Uri? ApiAddress { get; private set; }

    /// <summary>The Orleans silo this process hosts; null on a SQLite store (an embedded farm has none yet).</summary>
    public OrleansNode? Node => _node;

    /// <summary>The coordinator role; null without it.</summary>
    public CoordinatorRole? Coordinator { get; private set; }

    /// <summary>
    /// Opens the stores, registers the silo and starts its roles; returns once the API (if any) listens.
    /// </summary>
    /// <param name="options">Roles, stores and settings.</param>
    /// <param name="plugins">The worker role and the metrics reader, built outside the host.</param>
    /// <param name="logs">Where the silo and its roles log.</param>
    /// <param name="time">The clock of every interval.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <exception cref="ArgumentException">The options are invalid, or a worker is asked for and <paramref name="plugins"/> has none.</exception>
    /// <exception cref="IOException">A store cannot be opened or the API cannot listen.</exception>
    public static async Task<SiloHost> StartAsync(SiloOptions options, SiloPlugins plugins, ILoggerFactory logs, TimeProvider time, CancellationToken cancellationToken)
    {
        options.Validate();
        if (options.Roles.HasFlag(SiloRoles.Worker) && plugins.Workers is null)
            throw new ArgumentException("this program has no worker role: run the silo with --role coordinator,api, or use a build that includes the executors");
        var log = logs.CreateLogger("StyleFarm.Silo");
        var store = await options.Store.OpenAsync(cancellationToken).ConfigureAwait(false);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        SiloHost? host = null;
        try
        {
            var artifacts = ArtifactStoreFactory.Create(options.Artifacts, http);
            var silo = new SiloId(options.Name);
            var registration = new SiloRegistration(store, silo, options.Capabilities, options.Health, time, log);
            host = new SiloHost(options, store, http, registration, log);
            if (options.Store.Kind == TaskStoreKind.Postgres)
                host._node = await StartOrleansAsync(options, logs, cancellationToken).ConfigureAwait(false);
            var registeredAt = time.GetUtcNow();
            await registration.RegisterAsync(cancellationToken).ConfigureAwait(false);
            // Before the worker leases anything: whatever this name holds now belongs to a process that is gone.
            await new PredecessorLeases(store, new Grains.Leasing.RetryPolicy(options.Lease), time, log).TakeBackAsync(silo, registeredAt, cancellationToken).ConfigureAwait(false);
            host._heartbeat = registration.HeartbeatAsync(host._stop.Token);
            var roles = host.BuildRoles(plugins, artifacts, logs, time);
            foreach (var role in roles)
                host._running.Add((role, Task.Run(() => role.RunAsync(host._stop.Token), CancellationToken.None)));
            log.LogInformation("silo {Silo}: {Roles} on {Store}, artifacts in {Artifacts}", silo, SiloRoleNames.Format(options.Roles), options.Store,
                artifacts);
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
                http.Dispose();
                await store.DisposeAsync().ConfigureAwait(false);
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
        await Task.WhenAny(stopRequested, Task.WhenAny(_running.Select(r => r.Running))).ConfigureAwait(false);
        if (stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
            return;
        }
        await ThrowRoleFailureAsync().ConfigureAwait(false);
    }

    /// <summary>Stops every role, waits for them to clean up, removes the silo's row and closes the stores. Idempotent.</summary>
    public Task StopAsync() => _stopped ??= StopOnceAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    // After the store is open, so the migrations that create Orleans' tables and queries have run.
    private static Task<OrleansNode> StartOrleansAsync(SiloOptions options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var metadata = SiloMetadataKeys.Of(options.Name, SiloRoleNames.Format(options.Roles), options.Capabilities);
        return OrleansNode.StartAsync(
            silo => silo.UsePostgresFarm(options.Cluster, options.Store.Target, metadata)
                .Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = options.Name),
            logs, cancellationToken);
    }

    private List<ISiloRole> BuildRoles(SiloPlugins plugins, IArtifactStore artifacts, ILoggerFactory logs, TimeProvider time)
    {
        var roles = new List<ISiloRole>();
        var coordinator = new Coordinator(_store, new TaskGraphBuilder(Options.Graph), time);
        var health = new SiloHealth(Options.Health);
        if (Options.Roles.HasFlag(SiloRoles.Coordinator))
        {
            ICoordinatorElection election = _store switch
            {
                PostgresTaskStore postgres => new PostgresCoordinatorElection(postgres),
                SqliteTaskStore sqlite => new FileCoordinatorElection(sqlite.Path),
                _ => throw new ArgumentException($"the task store {Options.Store} has no coordinator election"),
            };
            var sweeper = new LeaseSweeper(_store, new Grains.Leasing.RetryPolicy(Options.Lease), health, time);
            Coordinator = new CoordinatorRole(Options.Coordinator, election, coordinator, sweeper, _store, time, logs.CreateLogger("StyleFarm.Silo.Coordinator"));
            roles.Add(Coordinator);
        }
        if (Options.Roles.HasFlag(SiloRoles.Api))
        {
            var services = new ApiServices(Options.Name, _store, coordinator, plugins.Metrics?.Invoke(artifacts), health, time);
            roles.Add(new ApiRole(ApiServer.Create(Options.Api!, services, logs), logs.CreateLogger("StyleFarm.Silo.Api")));
        }
        if (Options.Roles.HasFlag(SiloRoles.Worker))
            roles.Add(plugins.Workers!.Create(new WorkerRoleContext(Options, _store, artifacts, time, logs.CreateLogger("StyleFarm.Silo.Worker"))));
        return roles;
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
        if (_heartbeat is not null) await _heartbeat.ConfigureAwait(false);
        await _registration.RemoveAsync().ConfigureAwait(false);
        // Last: the silo leaves the cluster cleanly (marked dead at once instead of after missed probes).
        if (_node is not null) await _node.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        await _store.DisposeAsync().ConfigureAwait(false);
        _log.LogInformation("silo {Silo}: stopped", Options.Name);
    }
}
