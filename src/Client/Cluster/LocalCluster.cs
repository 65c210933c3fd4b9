using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StyleFarm.Client.Api;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// A whole farm on this machine, for trying StyleFarm out and for end-to-end tests: PostgreSQL, Azurite's
/// blob service and N silo processes, all on loopback, with their data, logs and the record of what runs
/// (cluster.json) in one data folder. Up is idempotent (a running farm is reported, not doubled; what of it
/// stopped is started again where it was) and so is down (stopping nothing is fine); both hold a lock file so they never interleave.
/// </summary>
public sealed class LocalCluster
{
    private readonly ClusterLayout _layout;
    private readonly Action<string> _say;

    /// <summary>A farm in <paramref name="layout"/>'s data folder, reporting its steps to <paramref name="say"/>.</summary>
    public LocalCluster(ClusterLayout layout, Action<string> say)
    {
        _layout = layout;
        _say = say;
    }

    /// <summary>How long `up` waits for a silo to answer, and `down` for one to stop before SIGKILL.</summary>
    public static readonly TimeSpan SiloPatience = TimeSpan.FromSeconds(60);

    /// <summary>How long `down` waits for Azurite to save and exit before SIGKILL.</summary>
    public static readonly TimeSpan AzuritePatience = TimeSpan.FromSeconds(15);

    /// <summary>The farm as cluster.json records it, or null when none was started here.</summary>
    public ClusterState? Read()
    {
        if (!File.Exists(_layout.StateFile)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(_layout.StateFile), ClusterJsonContext.Default.ClusterState);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{_layout.StateFile} is not a farm record ({e.Message}): run `stylefarm cluster down --data {_layout.Root}` and remove it", e);
        }
    }

    /// <summary>Which of the farm's processes run now; null when no farm was started here.</summary>
    public ClusterStatus? Status()
    {
        if (Read() is not { } state) return null;
        var postgres = new LocalPostgres(_layout);
        return new ClusterStatus(
            state.Api,
            new ServiceStatus(state.Postgres.Pid, state.Postgres.Port, postgres.Pid() == state.Postgres.Pid && LocalProcess.IsRunning(state.Postgres.Pid, "postgres")),
            new ServiceStatus(state.Azurite.Pid, state.Azurite.Port, LocalProcess.IsRunning(state.Azurite.Pid, LocalAzurite.Mark)),
            state.Silos.Select(s => new SiloStatus(s.Name, s.Roles, s.Pid, LocalProcess.IsRunning(s.Pid, SiloLauncher.Marks(s.Name)))).ToList());
    }

    /// <summary>
    /// Starts the farm with <paramref name="silos"/> silos, or reports the one already running here. When the
    /// farm recorded here runs only in part (a silo, Azurite or PostgreSQL died or was killed), the parts that
    /// stopped are started again as cluster.json records them (same names, roles and ports), so clients and the
    /// other silos find them where they were.
    /// </summary>
    /// <param name="wanted">
    /// How many silos (at least 1; <see cref="DefaultSilos"/> when null). A running farm with fewer gets the missing ones
    /// started (adding a silo is safe at any time: it joins and takes work); one with more is refused, since stopping silos
    /// that hold grains and running tasks is what `down` does; null keeps a running farm's own count.
    /// </param>
    /// <param name="withWorker">Whether this program has a worker role to give them.</param>
    /// <param name="roots">The folders jobs may read from and write to; a farm already recorded keeps its own.</param>
    /// <param name="cancellationToken">Cancels starting (what started is left for `down`).</param>
    /// <returns>The running farm, whether this call started it, and the parts it started again or added.</returns>
    /// <exception cref="ArgumentException"><paramref name="wanted"/> is below 1, or below the running farm's silo count.</exception>
    /// <exception cref="InvalidOperationException">A part did not start; the message holds its log.</exception>
    public async Task<ClusterUp> UpAsync(int? wanted, bool withWorker, ClusterRoots roots, CancellationToken cancellationToken)
    {
        if (wanted < 1) throw new ArgumentException($"--silos {wanted}: a farm needs at least 1 silo");
        Directory.CreateDirectory(_layout.Root);
        await using var turn = await HoldLockAsync(cancellationToken).ConfigureAwait(false);
        // Before any silo starts, on a new farm or a running one recorded before viewers existed.
        ReadOrCreateViewerToken();
        if (Status() is { } status && (status.Postgres.Alive || status.Azurite.Alive || status.Silos.Any(s => s.Alive)))
        {
            if (wanted < status.Silos.Count)
                throw new ArgumentException($"--silos {wanted}: the farm in {_layout.Root} runs {status.Silos.Count} silos and `up` only adds silos; " +
                    $"to run fewer, stop it with `stylefarm cluster down --data {_layout.Root}` and start it with `stylefarm cluster up --silos {wanted} --data {_layout.Root}`");
            var recorded = Read()!;
            // Silos keep the roots they started with: new ones given to a running farm would apply to some silos only.
            if (roots.Given && !(roots.Input.SequenceEqual(recorded.InputRoots) && roots.Output.SequenceEqual(recorded.OutputRoots)))
                throw new ArgumentException($"the farm in {_layout.Root} runs with inputs under {string.Join(", ", recorded.InputRoots)} and outputs under {string.Join(", ", recorded.OutputRoots)}; " +
                    $"to change its roots, stop it with `stylefarm cluster down --data {_layout.Root}` and start it again with the new --input-root/--output-root");
            return await RestartStoppedAsync(recorded, status, wanted ?? status.Silos.Count, withWorker, cancellationToken).ConfigureAwait(false);
        }
        var silos = wanted ?? DefaultSilos;
        var token = ReadOrCreateToken();
        var begun = DateTimeOffset.UtcNow;
        var postgresPort = LocalProcess.FreePort();
        var postgresPid = await new LocalPostgres(_layout).StartAsync(postgresPort, _say, cancellationToken).ConfigureAwait(false);
        _say($"postgres: listening on 127.0.0.1:{postgresPort} (pid {postgresPid})");
        var (azuritePid, azuritePort) = await new LocalAzurite(_layout).StartOnFreePortAsync(_say, cancellationToken).ConfigureAwait(false);
        _say($"azurite: listening on 127.0.0.1:{azuritePort} (pid {azuritePid})");
        var apiPort = LocalProcess.FreePort();
        var api = $"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}";
        var started = new List<ClusterSilo>();
        var state = new ClusterState(api, token, new ClusterService(postgresPid, postgresPort), new ClusterService(azuritePid, azuritePort), started, DateTimeOffset.UtcNow,
            roots.Input, roots.Output);
        for (var i = 0; i < silos; i++)
        {
            started.Add(StartNewSilo(state, i, withWorker));
            // Written after every start, so `down` finds whatever did start should a later step fail.
            Write(state with { Silos = [.. started] });
        }
        await WaitUntilServingAsync(state with { Silos = [.. started] }, started.Select(s => s.Name).ToList(), begun, cancellationToken).ConfigureAwait(false);
        return new ClusterUp(state with { Silos = [.. started] }, true, [], []);
    }

    /// <summary>How many silos a new farm gets when `--silos` is not given.</summary>
    public const int DefaultSilos = 2;

    // Silo `index` of the farm, new: its name, roles and Orleans ports follow from the index.
    private ClusterSilo StartNewSilo(ClusterState state, int index, bool withWorker)
    {
        var silo = new ClusterSilo(ClusterLayout.SiloName(index), ClusterLayout.Roles(index, withWorker), 0, _layout.SiloLog(index), LocalProcess.FreePort(), LocalProcess.FreePort());
        var pid = SiloLauncher.Start(SiloArguments(state, index, silo), SiloEnvironment(state), silo.Log);
        _say($"{silo.Name}: started (pid {pid}, roles {silo.Roles})");
        return silo with { Pid = pid };
    }

    // Starts again, in the order they depend on each other, the parts of a running farm that stopped, each on its recorded
    // port; then adds the silos that `silos` asks for beyond those recorded.
    private async Task<ClusterUp> RestartStoppedAsync(ClusterState state, ClusterStatus status, int silos, bool withWorker, CancellationToken cancellationToken)
    {
        var restarted = new List<string>();
        var begun = DateTimeOffset.UtcNow;
        if (!status.Postgres.Alive)
        {
            var pid = await new LocalPostgres(_layout).StartAsync(state.Postgres.Port, _say, cancellationToken).ConfigureAwait(false);
            state = state with { Postgres = state.Postgres with { Pid = pid } };
            Write(state);
            restarted.Add("postgres");
            _say($"postgres: restarted on 127.0.0.1:{state.Postgres.Port} (pid {pid})");
        }
        if (!status.Azurite.Alive)
        {
            var pid = await new LocalAzurite(_layout).StartAsync(state.Azurite.Port, _say, cancellationToken).ConfigureAwait(false);
            state = state with { Azurite = state.Azurite with { Pid = pid } };
            Write(state);
            restarted.Add("azurite");
            _say($"azurite: restarted on 127.0.0.1:{state.Azurite.Port} (pid {pid})");
        }
        var recorded = state.Silos.ToList();
        for (var i = 0; i < recorded.Count; i++)
        {
            if (status.Silos[i].Alive) continue;
            // A farm recorded before silos had Orleans ports gets them now.
            var silo = recorded[i].SiloPort > 0 ? recorded[i] : recorded[i] with { SiloPort = LocalProcess.FreePort(), GatewayPort = LocalProcess.FreePort() };
            var pid = SiloLauncher.Start(SiloArguments(state, i, silo), SiloEnvironment(state), silo.Log);
            recorded[i] = silo with { Pid = pid };
            state = state with { Silos = [.. recorded] };
            Write(state);
            restarted.Add(silo.Name);
            _say($"{silo.Name}: restarted (pid {pid}, roles {silo.Roles})");
        }
        var added = new List<string>();
        for (var i = recorded.Count; i < silos; i++)
        {
            var silo = StartNewSilo(state, i, withWorker);
            state = state with { Silos = [.. state.Silos, silo] };
            Write(state);
            added.Add(silo.Name);
        }
        // Every silo must answer again: one that lost its stores for a while may be slow to come back.
        if (restarted.Count + added.Count > 0)
            await WaitUntilServingAsync(state, state.Silos.Where(s => restarted.Contains(s.Name) || added.Contains(s.Name)).Select(s => s.Name).ToList(), begun, cancellationToken).ConfigureAwait(false);
        return new ClusterUp(state, false, restarted, added);
    }

    // The command line of silo `index` of the farm (no secret: any user's `ps` shows it): every silo shares the API address
    // and the token files; each has its own Orleans ports, and the local farm uses the tightened membership timings (one machine, loopback).
    private string[] SiloArguments(ClusterState state, int index, ClusterSilo silo) =>
    [
        "--role", silo.Roles,
        "--urls", state.Api,
        "--token-file", _layout.TokenFile,
        "--viewer-token-file", _layout.ViewerTokenFile,
        "--name", silo.Name,
        "--cache", _layout.SiloCache(index),
        "--silo-port", silo.SiloPort.ToString(CultureInfo.InvariantCulture),
        "--gateway-port", silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
        "--membership", "tightened",
        .. state.InputRoots.SelectMany(r => new[] { "--input-root", r }),
        .. state.OutputRoots.SelectMany(r => new[] { "--output-root", r }),
    ];

    // The stores every silo shares, with their credentials: in the environment, which only this user and root can read.
    private Dictionary<string, string> SiloEnvironment(ClusterState state) => new()
    {
        [GrainStoreLocation.Variable] = $"postgres:{new LocalPostgres(_layout).SiloConnectionString(state.Postgres.Port)}",
        [ArtifactStoreLocation.Variable] = $"azure:{new LocalAzurite(_layout).ConnectionString(state.Azurite.Port)};container=artifacts",
    };

    /// <summary>Stops the silos (SIGTERM, SIGKILL after <see cref="SiloPatience"/>), Azurite (SIGTERM, so it saves) and PostgreSQL (fast shutdown). Data stays for the next `up`.</summary>
    /// <returns>False when no farm was recorded here (nothing to do).</returns>
    public async Task<bool> DownAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_layout.Root)) return false;
        await using var turn = await HoldLockAsync(cancellationToken).ConfigureAwait(false);
        var state = Read();
        if (state is not null)
        {
            var stops = state.Silos.Select(async s =>
            {
                var killed = await LocalProcess.StopAsync(s.Pid, SiloPatience, SiloLauncher.Marks(s.Name)).ConfigureAwait(false);
                _say($"{s.Name}: stopped{(killed ? " (killed: it did not stop within " + SiloPatience.TotalSeconds + " s)" : "")}");
            });
            await Task.WhenAll(stops).ConfigureAwait(false);
            var azuriteKilled = await LocalProcess.StopAsync(state.Azurite.Pid, AzuritePatience, LocalAzurite.Mark).ConfigureAwait(false);
            _say($"azurite: stopped{(azuriteKilled ? " (killed)" : "")}");
        }
        // PostgreSQL is found by its own pid file, so a server left by an interrupted `up` is stopped too.
        await new LocalPostgres(_layout).StopAsync(cancellationToken).ConfigureAwait(false);
        if (state is not null) _say("postgres: stopped");
        File.Delete(_layout.StateFile);
        return state is not null;
    }

    // Until the API answers and lists every silo alive, each of `fresh` registered at or after `since` (a killed
    // silo's old row looks alive for a while, so only a new registration shows its new process is up).
    private async Task WaitUntilServingAsync(ClusterState state, IReadOnlyCollection<string> fresh, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var client = new StyleFarmClient(new Uri(state.Api), state.Token);
        var waited = Stopwatch.StartNew();
        var names = state.Silos.Select(s => s.Name).ToHashSet();
        // Registration times come from the silos' clock, which is this machine's: allow for rounding in the store.
        var after = since - TimeSpan.FromSeconds(1);
        while (true)
        {
            foreach (var silo in state.Silos)
                if (!LocalProcess.IsRunning(silo.Pid, SiloLauncher.Marks(silo.Name)))
                    throw new InvalidOperationException($"{silo.Name} exited while starting: {LocalProcess.Tail(silo.Log)}. Run `stylefarm cluster down --data {_layout.Root}`");
            try
            {
                var registered = await client.SilosAsync(cancellationToken).ConfigureAwait(false);
                var alive = registered.Where(s => s.Alive).ToList();
                if (names.IsSubsetOf(alive.Select(s => s.Id)) && fresh.All(n => alive.Any(s => s.Id == n && s.StartedAt >= after))) return;
            }
            catch (StyleFarmApiException) when (waited.Elapsed < SiloPatience)
            {
                // Silo 0's API is not listening yet.
            }
            if (waited.Elapsed > SiloPatience)
                throw new TimeoutException($"the silos did not all register within {SiloPatience.TotalSeconds} s: see the logs in {Path.GetDirectoryName(_layout.SiloLog(0))}");
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private string ReadOrCreateToken() => SecretFile.ReadOrCreate(_layout.TokenFile, ApiToken.Generate, ApiToken.MinimumLength);

    private string ReadOrCreateViewerToken() => SecretFile.ReadOrCreate(_layout.ViewerTokenFile, ApiToken.Generate, ApiToken.MinimumLength);

    // Owner-only (the record holds the token), and complete or absent.
    private void Write(ClusterState state) =>
        SecretFile.Write(_layout.StateFile, JsonSerializer.Serialize(state, ClusterJsonContext.Default.ClusterState));

    private async Task<FileStream> HoldLockAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(_layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"another `stylefarm cluster` command holds {_layout.LockFile}: wait for it to finish", e);
            }
        }
    }
}
