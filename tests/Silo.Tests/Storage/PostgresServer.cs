using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace StyleFarm.Silo.Tests.Storage;

/// <summary>
/// A throw-away PostgreSQL server: initdb into a temporary folder, <c>postgres</c> on a free loopback
/// port with trust authentication and durability off (test data only), a fresh database per test.
/// Disposing stops it (<c>pg_ctl stop -m fast</c>) and deletes the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    private readonly string _bin;
    private readonly string? _user;
    private readonly StringBuilder _log = new();
    private readonly NpgsqlDataSource _admin;
    private Process? _process;

    private PostgresServer(string bin, string? user, string folder, int port)
    {
        _bin = bin;
        _user = user;
        Folder = folder;
        Port = port;
        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
    }

    /// <summary>The temporary folder (data and socket folders inside).</summary>
    public string Folder { get; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>Installs PostgreSQL if needed, initialises a cluster, starts it and returns once it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = await PostgresInstallation.EnsureAsync(cancellationToken);
        var user = PostgresInstallation.ServerUser();
        var folder = Directory.CreateTempSubdirectory("stylefarm-postgres-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "sockets"));
        if (user is not null) await RunAsync("chown", ["-R", $"{user}:{user}", folder], cancellationToken);
        var server = new PostgresServer(bin, user, folder, FreePort());
        try
        {
            await server.InitialiseAsync(cancellationToken);
            await server.StartServerAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser "postgres".</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 10,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>Creates an empty database with a fresh name; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var command = _admin.CreateCommand($"CREATE DATABASE \"{name}\"");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <summary>Drops <paramref name="database"/>, ending its sessions.</summary>
    public async Task DropDatabaseAsync(string database)
    {
        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Ends the server session with process id <paramref name="pid"/>, as a network failure or a crashed client would.</summary>
    public async Task<bool> TerminateSessionAsync(int pid)
    {
        await using var command = _admin.CreateCommand("SELECT pg_terminate_backend(@pid)");
        command.Parameters.AddWithValue("pid", pid);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                try { await RunAsServerAsync("pg_ctl", ["stop", "-D", DataFolder, "-m", "fast", "-w", "-t", "30"], CancellationToken.None); }
                catch (InvalidOperationException)
                {
                    // Killed below.
                }
                using var patience = new CancellationTokenSource(StopPatience);
                try { await process.WaitForExitAsync(patience.Token); }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            process.Dispose();
        }
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    // Trust on loopback is fine here (unlike `cluster up`'s server): a disposable test instance holding only test data.
    private Task InitialiseAsync(CancellationToken cancellationToken) =>
        RunAsServerAsync("initdb", ["-D", DataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"], cancellationToken);

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        // Loopback only; durability off because the data is thrown away.
        string[] arguments =
        [
            "-D", DataFolder, "-k", Path.Combine(Folder, "sockets"), "-p", Port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
        ];
        var process = Process.Start(StartInfo("postgres", arguments)) ?? throw new InvalidOperationException("postgres did not start");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"postgres exited with {process.ExitCode} while starting on port {Port}: {Log()}");
            try
            {
                await using var probe = _admin.CreateCommand("SELECT 1");
                await probe.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                // Not accepting connections yet.
            }
            if (waited.Elapsed > StartPatience)
                throw new TimeoutException($"postgres did not accept connections on port {Port} within {StartPatience.TotalSeconds} s: {Log()}");
            await Task.Delay(20, cancellationToken);
        }
    }

    private ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var path = Path.Combine(_bin, program);
        var start = new ProcessStartInfo(_user is null ? path : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        if (_user is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(_user);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(path);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    private async Task RunAsServerAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(program, arguments)) ?? throw new InvalidOperationException($"{program} did not start");
        await FinishAsync(process, $"{program} {string.Join(' ', arguments)}", cancellationToken);
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        await FinishAsync(process, $"{program} {string.Join(' ', arguments)}", cancellationToken);
    }

    private static async Task FinishAsync(Process process, string what, CancellationToken cancellationToken)
    {
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{what} exited with {process.ExitCode}: {await error}{await output}");
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private string Log()
    {
        lock (_log) return _log.Length == 0 ? "(no output)" : _log.ToString();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
