using System.Globalization;
using Npgsql;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// The local farm's PostgreSQL: the Debian server binaries (installed with apt-get when missing and
/// running as root), a cluster initialised once in DIR/postgres/data, started with pg_ctl on a loopback
/// port and a private socket folder (DIR/postgres/run, mode 700). Every connection, local socket or TCP,
/// authenticates with a SCRAM-SHA-256 password: the superuser's (DIR/postgres-admin.password, used by
/// `cluster up` only) or the silos' role's (DIR/postgres-silo.password), both generated once, mode 600.
/// The silos' role owns the farm's database and nothing else: not a superuser, no CREATEROLE or CREATEDB.
/// PostgreSQL refuses to run as root, so as root it runs as the "postgres" user the package creates.
/// </summary>
public sealed class LocalPostgres(ClusterLayout layout)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Who may connect, and how: password (SCRAM) for everyone, from the socket or loopback only; no trust line.
    private const string AccessRules = """
        # Written by `stylefarm cluster up`: every connection proves a SCRAM-SHA-256 password.
        # TYPE  DATABASE  USER  ADDRESS       METHOD
        local   all       all                 scram-sha-256
        host    all       all   127.0.0.1/32  scram-sha-256
        host    all       all   ::1/128       scram-sha-256

        """;

    /// <summary>A connection string to the farm's server on 127.0.0.1:<paramref name="port"/>.</summary>
    public static string ConnectionString(int port, string username, string password, string database = ClusterLayout.Database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = username,
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>The silos' connection string (role <see cref="ClusterLayout.SiloRole"/>, its password from its file) to the farm's database on <paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">The password file is missing: the farm was never started here.</exception>
    public string SiloConnectionString(int port) =>
        ConnectionString(port, ClusterLayout.SiloRole, SecretFile.Read(layout.PostgresSiloPasswordFile, "the silos' PostgreSQL password"));

    /// <summary>
    /// Initialises the cluster if needed, starts the server on <paramref name="port"/>, and makes the silos' role and
    /// the farm's database; returns the server's process id.
    /// </summary>
    /// <exception cref="InvalidOperationException">The binaries are missing and cannot be installed, or a step failed (the message holds its output).</exception>
    public async Task<int> StartAsync(int port, Action<string> say, CancellationToken cancellationToken)
    {
        var bin = await EnsureBinariesAsync(say, cancellationToken).ConfigureAwait(false);
        var user = ServerUser();
        var adminPassword = SecretFile.ReadOrCreate(layout.PostgresAdminPasswordFile, SecretFile.NewPassword);
        var siloPassword = SecretFile.ReadOrCreate(layout.PostgresSiloPasswordFile, SecretFile.NewPassword);
        PrivateFolder.Create(layout.PostgresFolder);
        PrivateFolder.Create(layout.PostgresSockets);
        if (user is not null) await PrepareForServerUserAsync(user, cancellationToken).ConfigureAwait(false);
        var fresh = !File.Exists(Path.Combine(layout.PostgresData, "PG_VERSION"));
        if (fresh)
        {
            say($"postgres: initialising a cluster in {layout.PostgresData}");
            await InitialiseAsync(bin, user, adminPassword, cancellationToken).ConfigureAwait(false);
        }
        // A farm made before passwords trusted every local connection: it is started as it was once, to set the password.
        var trusting = !fresh && TrustsSomeone();
        if (!trusting) File.WriteAllText(AccessRulesFile, AccessRules);
        var options = string.Join(' ', "-p", port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", layout.PostgresSockets, "-c", "max_connections=200");
        await RunAsServerAsync(bin, user, "pg_ctl",
            ["start", "-D", layout.PostgresData, "-l", layout.PostgresLog, "-w", "-t", "60", "-o", options], cancellationToken).ConfigureAwait(false);
        if (trusting)
        {
            say("postgres: this farm trusted local connections; it now requires passwords");
            await RequirePasswordsAsync(port, adminPassword, cancellationToken).ConfigureAwait(false);
        }
        await CreateRoleAndDatabaseAsync(port, adminPassword, siloPassword, cancellationToken).ConfigureAwait(false);
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string AccessRulesFile => Path.Combine(layout.PostgresData, "pg_hba.conf");

    // initdb reads the superuser's password from a file the server's user can read; it lives only while initdb runs.
    private async Task InitialiseAsync(string bin, string? user, string adminPassword, CancellationToken cancellationToken)
    {
        SecretFile.Write(layout.PostgresInitPasswordFile, adminPassword + "\n");
        try
        {
            if (user is not null)
                await LocalProcess.RunAsync("chown", [$"{user}:{user}", layout.PostgresInitPasswordFile], Patience, cancellationToken).ConfigureAwait(false);
            await RunAsServerAsync(bin, user, "initdb",
                ["-D", layout.PostgresData, "-U", ClusterLayout.AdminRole, "--auth=scram-sha-256", $"--pwfile={layout.PostgresInitPasswordFile}",
                 "--encoding=UTF8", "--locale=C", "--no-instructions"], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(layout.PostgresInitPasswordFile);
        }
    }

    // Whether pg_hba.conf lets anyone in without a password (a farm made before passwords).
    private bool TrustsSomeone() => File.ReadLines(AccessRulesFile)
        .Select(line => line.Split('#', 2)[0].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        .Any(fields => fields.Length > 0 && fields[^1] is "trust" or "peer" or "ident");

    // Over the old trusted connection: give the superuser its password, then replace the rules and reload them.
    private async Task RequirePasswordsAsync(int port, string adminPassword, CancellationToken cancellationToken)
    {
        var trusted = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = ClusterLayout.AdminRole, Database = "postgres" }.ConnectionString;
        await using var admin = NpgsqlDataSource.Create(trusted);
        await ExecuteAsync(admin, $"ALTER ROLE \"{ClusterLayout.AdminRole}\" PASSWORD '{ScramVerifier.Create(adminPassword)}'", cancellationToken).ConfigureAwait(false);
        File.WriteAllText(AccessRulesFile, AccessRules);
        await ExecuteAsync(admin, "SELECT pg_reload_conf()", cancellationToken).ConfigureAwait(false);
    }

    // The silos' role, re-asserted on every start (its password follows its file, its privileges stay minimal), and
    // the farm's database, owned by that role; other roles may not connect to it, nor the silos' role to "postgres".
    private static async Task CreateRoleAndDatabaseAsync(int port, string adminPassword, string siloPassword, CancellationToken cancellationToken)
    {
        const string role = ClusterLayout.SiloRole;
        const string database = ClusterLayout.Database;
        await using (var admin = NpgsqlDataSource.Create(ConnectionString(port, ClusterLayout.AdminRole, adminPassword, "postgres")))
        {
            var roleExists = await ExistsAsync(admin, "SELECT 1 FROM pg_roles WHERE rolname = @name", role, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"{(roleExists ? "ALTER" : "CREATE")} ROLE \"{role}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS " +
                $"PASSWORD '{ScramVerifier.Create(siloPassword)}'", cancellationToken).ConfigureAwait(false);
            var databaseExists = await ExistsAsync(admin, "SELECT 1 FROM pg_database WHERE datname = @name", database, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, databaseExists ? $"ALTER DATABASE \"{database}\" OWNER TO \"{role}\"" : $"CREATE DATABASE \"{database}\" OWNER \"{role}\"", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE \"{database}\" FROM PUBLIC", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, "REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC", cancellationToken).ConfigureAwait(false);
        }
        // A farm made before the silos had their own role has its tables owned by the superuser: hand them over.
        await using var farm = NpgsqlDataSource.Create(ConnectionString(port, ClusterLayout.AdminRole, adminPassword, database));
        await ExecuteAsync(farm, $"""
            DO $$
            DECLARE item record;
            BEGIN
              FOR item IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relowner <> '{role}'::regrole LOOP
                EXECUTE format('ALTER TABLE %s OWNER TO "{role}"', item.name);
              END LOOP;
              FOR item IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '{role}'::regrole LOOP
                EXECUTE format('ALTER SEQUENCE %s OWNER TO "{role}"', item.name);
              END LOOP;
              FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                          WHERE n.nspname = 'public' AND p.proowner <> '{role}'::regrole LOOP
                EXECUTE format('ALTER ROUTINE %s OWNER TO "{role}"', item.name);
              END LOOP;
            END $$
            """, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource source, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
