using System.Globalization;
using Npgsql;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// The local farm's PostgreSQL: the Debian server binaries (installed with apt-get when missing and
/// running as root), a cluster initialised once in DIR/postgres/data, started with pg_ctl on a loopback
/// port and a socket in DIR/postgres/run, trust authentication for local connections only. PostgreSQL
/// refuses to run as root, so as root it runs as the "postgres" user the package creates.
/// </summary>
public sealed class LocalPostgres(ClusterLayout layout)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The connection string of the farm's database on <paramref name="port"/>.</summary>
    public static string ConnectionString(int port, string database = ClusterLayout.Database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>Initialises the cluster if needed, starts the server on <paramref name="port"/> and creates the farm's database; returns the server's process id.</summary>
    /// <exception cref="InvalidOperationException">The binaries are missing and cannot be installed, or a step failed (the message holds its output).</exception>
    public async Task<int> StartAsync(int port, Action<string> say, CancellationToken cancellationToken)
    {
        var bin = await EnsureBinariesAsync(say, cancellationToken).ConfigureAwait(false);
        var user = ServerUser();
        Directory.CreateDirectory(layout.PostgresFolder);
        Directory.CreateDirectory(layout.PostgresSockets);
        if (user is not null) await PrepareForServerUserAsync(user, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(layout.PostgresData, "PG_VERSION")))
        {
            say($"postgres: initialising a cluster in {layout.PostgresData}");
            await RunAsServerAsync(bin, user, "initdb",
                ["-D", layout.PostgresData, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions"], cancellationToken).ConfigureAwait(false);
        }
        var options = string.Join(' ', "-p", port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", layout.PostgresSockets, "-c", "max_connections=200");
        await RunAsServerAsync(bin, user, "pg_ctl",
            ["start", "-D", layout.PostgresData, "-l", layout.PostgresLog, "-w", "-t", "60", "-o", options], cancellationToken).ConfigureAwait(false);
        await CreateDatabaseAsync(port, cancellationToken).ConfigureAwait(false);
        return Pid() ?? throw new InvalidOperationException($"postgres started but {layout.PostgresData}/postmaster.pid names no process: see {layout.PostgresLog}");
    }

    /// <summary>Stops the server (pg_ctl stop -m fast: sessions end, data is flushed); nothing happens when it is not running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Pid() is not { } pid || !LocalProcess.IsRunning(pid, "postgres")) return;
        var bin = await EnsureBinariesAsync(_ => { }, cancellationToken).ConfigureAwait(false);
        await RunAsServerAsync(bin, ServerUser(), "pg_ctl", ["stop", "-D", layout.PostgresData, "-m", "fast", "-w", "-t", "60"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The running server's process id from postmaster.pid, or null.</summary>
    public int? Pid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(layout.PostgresData, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task PrepareForServerUserAsync(string user, CancellationToken cancellationToken)
    {
        // The server's user must reach its folder: let others pass through (not list) the data folder, and own its own part.
        var root = new DirectoryInfo(layout.Root);
        if (!OperatingSystem.IsWindows() && !root.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) root.UnixFileMode |= UnixFileMode.OtherExecute;
        // The folders above are not ours to open up (root's home is 0700): say so before initdb fails with "Permission denied".
        for (var above = root.Parent; above is not null && !OperatingSystem.IsWindows(); above = above.Parent)
            if (!above.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
                throw new InvalidOperationException(
                    $"PostgreSQL runs as the user '{user}', which cannot reach the data folder {layout.Root}: {above.FullName} lets only its owner in " +
                    $"(mode {Convert.ToString((int)above.UnixFileMode, 8)}). Give --data a folder outside it, e.g. /var/lib/stylefarm/cluster, or let others pass through it with `chmod o+x {above.FullName}`");
        await LocalProcess.RunAsync("chown", ["-R", $"{user}:{user}", layout.PostgresFolder], Patience, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateDatabaseAsync(int port, CancellationToken cancellationToken)
    {
        await using var admin = NpgsqlDataSource.Create(ConnectionString(port, "postgres"));
        await using var exists = admin.CreateCommand("SELECT 1 FROM pg_database WHERE datname = @name");
        exists.Parameters.AddWithValue("name", ClusterLayout.Database);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null) return;
        await using var create = admin.CreateCommand($"CREATE DATABASE \"{ClusterLayout.Database}\"");
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task RunAsServerAsync(string bin, string? user, string program, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(bin, program);
        return user is null
            ? LocalProcess.RunAsync(path, arguments, Patience, cancellationToken)
            : LocalProcess.RunAsync("runuser", ["-u", user, "--", path, .. arguments], Patience, cancellationToken);
    }

    // As root the server runs as "postgres" (it refuses root); otherwise as the current user.
    private static string? ServerUser()
    {
        if (!LocalProcess.IsRoot()) return null;
        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
            throw new InvalidOperationException("running as root, and PostgreSQL refuses to: it runs as the user 'postgres', which does not exist; reinstall the postgresql package (it creates that user)");
        return "postgres";
    }

    private static async Task<string> EnsureBinariesAsync(Action<string> say, CancellationToken cancellationToken)
    {
        if (FindBinaries() is { } found) return found;
        if (!LocalProcess.IsRoot())
            throw new InvalidOperationException("PostgreSQL's server binaries (initdb, postgres, pg_ctl) are not installed: install them with `sudo apt-get install postgresql`, or run `stylefarm cluster up` as root and it installs them");
        say("postgres: installing the Debian package postgresql");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await LocalProcess.RunAsync("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(10), cancellationToken, environment).ConfigureAwait(false);
        try
        {
            await LocalProcess.RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], TimeSpan.FromMinutes(10), cancellationToken, environment).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The package's own cluster may fail to start without an init system; the binaries are what the farm needs.
        }
        return FindBinaries() ?? throw new InvalidOperationException("apt-get install postgresql did not provide initdb, postgres and pg_ctl under /usr/lib/postgresql/*/bin");
    }

    private static string? FindBinaries()
    {
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            foreach (var dir in Directory.GetDirectories(debian).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                if (HasBinaries(Path.Combine(dir, "bin"))) return Path.Combine(dir, "bin");
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (HasBinaries(dir)) return dir;
        return null;
    }

    private static bool HasBinaries(string bin) =>
        File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "pg_ctl"));
}
