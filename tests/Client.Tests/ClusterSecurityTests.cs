using System.Runtime.Versioning;
using System.Text.Json;
using Npgsql;
using StyleFarm.Client.Cluster;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Client.Tests;

/// <summary>One farm of one silo started with `stylefarm cluster up`, shared by <see cref="ClusterSecurityTests"/>.</summary>
[SupportedOSPlatform("linux")]
public sealed class SecuredFarm : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Data => _folder.Path;

    public ClusterLayout Layout => new(Data);

    public int PostgresPort { get; private set; }

    public int AzuritePort { get; private set; }

    public string Api { get; private set; } = "";

    public Task InitializeAsync()
    {
        var up = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", Data, "--json");
        if (up.ExitCode != 0)
        {
            StyleFarmCli.Run("cluster", "down", "--data", Data);
            throw new InvalidOperationException($"cluster up failed: {up.Stderr}");
        }
        using var state = JsonDocument.Parse(up.Stdout);
        PostgresPort = state.RootElement.GetProperty("postgres").GetProperty("port").GetInt32();
        AzuritePort = state.RootElement.GetProperty("azurite").GetProperty("port").GetInt32();
        Api = state.RootElement.GetProperty("api").GetString()!;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        var down = StyleFarmCli.Run("cluster", "down", "--data", Data);
        _folder.Dispose();
        return down.ExitCode == 0 ? Task.CompletedTask : throw new InvalidOperationException($"cluster down failed: {down.Stderr}");
    }
}

/// <summary>
/// What a local user who is not the farm's owner can do to a farm `cluster up` started: nothing. PostgreSQL asks every
/// connection for a password, the silos' role is no superuser, secrets sit in owner-only files and in no command line,
/// and Azurite accepts only the farm's own generated key.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ClusterSecurityTests(SecuredFarm farm) : IClassFixture<SecuredFarm>
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task AnotherLocalUserIsRefusedByPostgresOverTcpAndTheSocket()
    {
        // As the issue reproduced it: user nobody, psql on the loopback port as the superuser; -w: never prompt.
        var tcp = await LocalProcessRunAsync("runuser", "-u", "nobody", "--", "psql", "-w", "-h", "127.0.0.1", "-p", farm.PostgresPort.ToString(),
            "-U", "postgres", "-d", "stylefarm", "-c", "SELECT count(*) FROM orleans_membership");
        Assert.Equal(2, tcp.ExitCode);
        Assert.Contains("no password supplied", tcp.Output);

        // The socket folder is mode 700: nobody cannot reach the socket at all.
        var socket = await LocalProcessRunAsync("runuser", "-u", "nobody", "--", "psql", "-w", "-h", farm.Layout.PostgresSockets, "-p", farm.PostgresPort.ToString(),
            "-U", "postgres", "-d", "stylefarm", "-c", "SELECT 1");
        Assert.Equal(2, socket.ExitCode);
        Assert.Contains("Permission denied", socket.Output);

        // Npgsql as any role without a password, or with a wrong one, is refused too.
        foreach (var role in new[] { ClusterLayout.AdminRole, ClusterLayout.SiloRole })
        {
            await using var noPassword = new NpgsqlConnection($"Host=127.0.0.1;Port={farm.PostgresPort};Username={role};Database=stylefarm");
            var missing = await Assert.ThrowsAnyAsync<NpgsqlException>(() => noPassword.OpenAsync());
            Assert.Contains("password", missing.Message);
            await using var wrong = new NpgsqlConnection(LocalPostgres.ConnectionString(farm.PostgresPort, role, "not-the-password"));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => wrong.OpenAsync());
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }
    }

    [Fact]
    public async Task TheSilosRoleOwnsTheFarmsTablesButCannotRunProgramsReadPasswordsOrReachOtherDatabases()
    {
        var silos = farm.Layout;
        await using var connection = new NpgsqlConnection(new LocalPostgres(silos).SiloConnectionString(farm.PostgresPort));
        await connection.OpenAsync();

        var role = await ScalarRowAsync(connection, "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user");
        Assert.Equal(new object[] { false, false, false, false, false }, role);
        var owners = await ScalarRowAsync(connection,
            "SELECT count(*) FILTER (WHERE tableowner = current_user), count(*) FROM pg_tables WHERE schemaname = 'public'");
        Assert.Equal(owners[1], owners[0]);
        Assert.True((long)owners[1] >= 5, $"{owners[1]} tables: the migrations should have made the Orleans tables");

        var program = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "COPY (SELECT 1) TO PROGRAM 'touch /tmp/stylefarm-owned'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, program.SqlState);
        Assert.False(File.Exists("/tmp/stylefarm-owned"));
        var passwords = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "SELECT rolpassword FROM pg_authid"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, passwords.SqlState);

        await using var other = new NpgsqlConnection(LocalPostgres.ConnectionString(farm.PostgresPort, ClusterLayout.SiloRole,
            File.ReadAllText(silos.PostgresSiloPasswordFile).Trim(), "postgres"));
        var elsewhere = await Assert.ThrowsAsync<PostgresException>(() => other.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, elsewhere.SqlState);
    }

    [Fact]
    public void SecretsAreOwnerOnlyFilesAndTheServersFoldersArePrivate()
    {
        var layout = farm.Layout;
        foreach (var secret in new[] { layout.TokenFile, layout.ViewerTokenFile, layout.StateFile, layout.PostgresAdminPasswordFile, layout.PostgresSiloPasswordFile, layout.AzuriteKeyFile })
            Assert.True(File.GetUnixFileMode(secret) == OwnerReadWrite, $"{secret} is mode {Mode(secret)}, not 600");
        foreach (var folder in new[] { layout.PostgresFolder, layout.PostgresSockets, layout.PostgresData, layout.AzuriteFolder, layout.AzuriteData })
            Assert.True(File.GetUnixFileMode(folder) == OwnerOnlyFolder, $"{folder} is mode {Mode(folder)}, not 700");
        Assert.False(File.Exists(layout.PostgresInitPasswordFile), "initdb's password file outlived initdb");

        var azuriteFiles = Directory.GetFileSystemEntries(layout.AzuriteFolder, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(layout.AzuriteInstall, StringComparison.Ordinal)).ToList();
        Assert.Contains(azuriteFiles, f => Path.GetFileName(f) == "__azurite_db_blob__.json");
        var open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        Assert.All(azuriteFiles, f => Assert.True((File.GetUnixFileMode(f) & open) == 0, $"{f} is mode {Mode(f)}: others may read it"));

        // The generated secrets: 48 hex digits, and a 64-byte base64 key that is not the development key.
        Assert.Matches("^[0-9a-f]{48}$", File.ReadAllText(layout.PostgresSiloPasswordFile).Trim());
        Assert.NotEqual(File.ReadAllText(layout.PostgresSiloPasswordFile), File.ReadAllText(layout.PostgresAdminPasswordFile));
        var key = File.ReadAllText(layout.AzuriteKeyFile).Trim();
        Assert.Equal(64, Convert.FromBase64String(key).Length);
        Assert.NotEqual(AzureBlobAccount.DevelopmentAccountKey, key);
    }

    [Fact]
    public void NoProcessCommandLineNorLogHoldsThePasswordsTheAccountKeyOrTheToken()
    {
        var layout = farm.Layout;
        var secrets = new Dictionary<string, string>
        {
            ["token"] = File.ReadAllText(layout.TokenFile).Trim(),
            ["viewer token"] = File.ReadAllText(layout.ViewerTokenFile).Trim(),
            ["superuser password"] = File.ReadAllText(layout.PostgresAdminPasswordFile).Trim(),
            ["silo password"] = File.ReadAllText(layout.PostgresSiloPasswordFile).Trim(),
            ["account key"] = File.ReadAllText(layout.AzuriteKeyFile).Trim(),
        };
        var farmProcesses = 0;
        foreach (var pid in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            string commandLine;
            try { commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
            catch (IOException) { continue; }
            if (commandLine.Contains(Data(), StringComparison.Ordinal)) farmProcesses++;
            foreach (var (what, secret) in secrets)
                Assert.False(commandLine.Contains(secret, StringComparison.Ordinal), $"process {pid}'s command line holds the {what}: {commandLine[..Math.Min(80, commandLine.Length)]}");
        }
        // The scan saw the farm: PostgreSQL, Azurite and the silo name the data folder.
        Assert.True(farmProcesses >= 3, $"only {farmProcesses} processes name {Data()}");

        var logs = Directory.GetFiles(Path.Combine(Data(), "silos"), "*.log").Append(layout.AzuriteLog).Append(layout.PostgresLog).ToList();
        Assert.Contains("silo silo-0: ", File.ReadAllText(logs[0]));
        foreach (var log in logs)
        foreach (var (what, secret) in secrets)
            Assert.False(File.ReadAllText(log).Contains(secret, StringComparison.Ordinal), $"{log} holds the {what}");
    }

    [Fact]
    public async Task AzuriteRefusesTheWellKnownDevelopmentKeyAndServesTheFarmsOwn()
    {
        using var http = new HttpClient();
        var key = new ArtifactKey("security/probe.bin");
        var development = ArtifactStoreFactory.Create(ArtifactStoreLocation.Parse(
            $"azure:DefaultEndpointsProtocol=http;AccountName={AzureBlobAccount.DevelopmentAccountName};AccountKey={AzureBlobAccount.DevelopmentAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{farm.AzuritePort}/{AzureBlobAccount.DevelopmentAccountName};container=artifacts"), http);
        var refused = await Assert.ThrowsAnyAsync<ArtifactStoreException>(() => development.PutAsync(key, new byte[] { 1, 2, 3 }));
        Assert.DoesNotContain(AzureBlobAccount.DevelopmentAccountKey, refused.Message);
        // The development key on the farm's account name is refused too.
        var guessed = ArtifactStoreFactory.Create(ArtifactStoreLocation.Parse(
            $"azure:{LocalAzurite.ConnectionString(farm.AzuritePort, AzureBlobAccount.DevelopmentAccountKey)};container=artifacts"), http);
        await Assert.ThrowsAnyAsync<ArtifactStoreException>(() => guessed.PutAsync(key, new byte[] { 1, 2, 3 }));

        var own = ArtifactStoreFactory.Create(ArtifactStoreLocation.Parse($"azure:{new LocalAzurite(farm.Layout).ConnectionString(farm.AzuritePort)};container=artifacts"), http);
        await own.PutAsync(key, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await own.GetAsync(key));
    }

    [Fact]
    public async Task TheViewerTokenReadsTheFarmButMayNotCancelAJob()
    {
        using var viewer = new HttpClient { BaseAddress = new Uri(farm.Api) };
        viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", File.ReadAllText(farm.Layout.ViewerTokenFile).Trim());

        using var silos = await viewer.GetAsync("/api/silos");
        using var cancel = await viewer.PostAsync("/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/cancel", null);

        Assert.Equal(System.Net.HttpStatusCode.OK, silos.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Contains("cancelling jobs needs the operator token", await cancel.Content.ReadAsStringAsync());
    }

    private string Data() => farm.Data;

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static async Task<object[]> ScalarRowAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row from {sql}");
        var row = new object[reader.FieldCount];
        reader.GetValues(row);
        return row;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Runs a program to its end; its exit code and its stdout and stderr together.
    private static async Task<(int ExitCode, string Output)> LocalProcessRunAsync(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return (process.ExitCode, await output + await error);
    }
}
