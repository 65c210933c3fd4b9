using System.Text.Json;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm cluster up/ps/down`: a real farm (PostgreSQL, Azurite, silo processes) on this machine.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task UpStartsTwoSilosPsShowsThemRunningAndDownStopsEverything()
    {
        using var data = new TempFolder();
        try
        {
            var up = StyleFarmCli.Run("cluster", "up", "--silos", "2", "--data", data.Path, "--json", "--input-root", data.Path, "--output-root", data.Path);
            Assert.True(up.ExitCode == 0, up.Stderr);
            using var state = JsonDocument.Parse(up.Stdout);
            Assert.Equal([data.Path], state.RootElement.GetProperty("inputRoots").EnumerateArray().Select(r => r.GetString()));
            var token = state.RootElement.GetProperty("token").GetString()!;
            Assert.Matches("^[0-9a-f]{48}$", token);
            Assert.Equal(token + "\n", File.ReadAllText(data.File("token")));
            // The viewer's token: another random one beside it, also owner-only; the farm record keeps only the operator's.
            var viewerToken = File.ReadAllText(data.File("viewer-token")).Trim();
            Assert.Matches("^[0-9a-f]{48}$", viewerToken);
            Assert.NotEqual(token, viewerToken);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.File("viewer-token")));
            Assert.DoesNotContain(viewerToken, up.Stdout);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.File("cluster.json")));

            var ps = StyleFarmCli.Run("cluster", "ps", "--data", data.Path, "--json");
            Assert.True(ps.ExitCode == 0, ps.Stderr);
            using var status = JsonDocument.Parse(ps.Stdout);
            var silos = status.RootElement.GetProperty("silos").EnumerateArray().ToList();
            Assert.Equal(["silo-0", "silo-1"], silos.Select(s => s.GetProperty("name").GetString()));
            Assert.All(silos, s => Assert.True(s.GetProperty("alive").GetBoolean()));
            Assert.StartsWith("coordinator,api", silos[0].GetProperty("roles").GetString());
            var pids = silos.Select(s => s.GetProperty("pid").GetInt32())
                .Append(status.RootElement.GetProperty("postgres").GetProperty("pid").GetInt32())
                .Append(status.RootElement.GetProperty("azurite").GetProperty("pid").GetInt32())
                .ToList();
            Assert.All(pids, pid => Assert.True(Running(pid), $"process {pid} should run"));

            // Each silo is an Orleans silo in the farm's cluster, on the ports cluster.json records.
            var postgresPort = status.RootElement.GetProperty("postgres").GetProperty("port").GetInt32();
            var database = new StyleFarm.Client.Cluster.LocalPostgres(new StyleFarm.Client.Cluster.ClusterLayout(data.Path)).SiloConnectionString(postgresPort);
            Assert.Equal([("silo-0", 3), ("silo-1", 3)], OrleansMembers(database).Select(m => (m.Name, m.Status)));
            using var recorded = JsonDocument.Parse(File.ReadAllText(data.File("cluster.json")));
            Assert.Equal(recorded.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("siloPort").GetInt32()),
                OrleansMembers(database).Select(m => m.Port));

            // The farm answers with the printed address and token: both silos registered and alive.
            var api = state.RootElement.GetProperty("api").GetString()!;
            // The submit check reads the input and the style: real files under the farm's roots, two tiny frames.
            await LocalFarm.WritePanAsync(data.File("in.mkv"), 2);
            File.Copy("/usr/share/doc/opencv-doc/examples/data/starry_night.jpg", data.File("s.jpg"));
            var listed = StyleFarmCli.Run("submit", data.File("in.mkv"), "--style", data.File("s.jpg"), "-o", data.File("o.mp4"), "--preset", "preview",
                "--width", "32", "--iterations", "1", "--first-frame-iterations", "1", "--server", api, "--token", token);
            Assert.True(listed.ExitCode == 0, listed.Stderr);
            // The silos got the roots: a path outside them is refused in one line.
            var outside = StyleFarmCli.Run("submit", "/etc/hostname", "--style", data.File("s.jpg"), "-o", data.File("o2.mp4"), "--preset", "preview", "--server", api, "--token", token);
            Assert.Equal(1, outside.ExitCode);
            Assert.Single(outside.Stderr.Trim().Split('\n'));
            Assert.EndsWith($"400 Bad Request: the input /etc/hostname is outside this farm's input roots ({data.Path}): give a path under one of them, without '..' or symlinks that lead out",
                outside.Stderr.Trim());

            var again = StyleFarmCli.Run("cluster", "up", "--silos", "2", "--data", data.Path, "--json");
            Assert.True(again.ExitCode == 0, again.Stderr);
            using var same = JsonDocument.Parse(again.Stdout);
            Assert.Equal(silos.Select(s => s.GetProperty("pid").GetInt32()),
                same.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("pid").GetInt32()));

            var down = StyleFarmCli.Run("cluster", "down", "--data", data.Path);
            Assert.True(down.ExitCode == 0, down.Stderr);
            Assert.Equal($"farm in {data.Path} stopped", down.Stdout.Trim());
            Assert.All(pids, pid => Assert.False(Running(pid), $"process {pid} should have stopped"));
            Assert.Equal("null", StyleFarmCli.Run("cluster", "ps", "--data", data.Path, "--json").Stdout.Trim());
            Assert.Contains("silo-0: stopped", File.ReadAllText(data.File(Path.Combine("silos", "silo-0.log"))));
        }
        finally
        {
            StyleFarmCli.Run("cluster", "down", "--data", data.Path);
        }
    }

    [Fact]
    public void UpWithMoreSilosOnARunningFarmStartsTheMissingOnesAndWithFewerIsRefusedSayingHow()
    {
        using var data = new TempFolder();
        try
        {
            var up = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", data.Path);
            Assert.True(up.ExitCode == 0, up.Stderr);

            var grown = StyleFarmCli.Run("cluster", "up", "--silos", "2", "--data", data.Path);
            Assert.True(grown.ExitCode == 0, grown.Stderr);
            Assert.Equal($"farm up in {data.Path}: added silo-1", grown.Stdout.Split('\n')[0].Trim());
            var ps = StyleFarmCli.Run("cluster", "ps", "--data", data.Path, "--json");
            using var status = JsonDocument.Parse(ps.Stdout);
            var silos = status.RootElement.GetProperty("silos").EnumerateArray().ToList();
            Assert.Equal([("silo-0", true), ("silo-1", true)], silos.Select(s => (s.GetProperty("name").GetString(), s.GetProperty("alive").GetBoolean())));
            Assert.Equal("coordinator", silos[1].GetProperty("roles").GetString()!.Split(',')[0]);

            var fewer = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", data.Path);
            Assert.Equal((1, $"stylefarm: error: --silos 1: the farm in {data.Path} runs 2 silos and `up` only adds silos; to run fewer, " +
                $"stop it with `stylefarm cluster down --data {data.Path}` and start it with `stylefarm cluster up --silos 1 --data {data.Path}`"),
                (fewer.ExitCode, fewer.Stderr.Trim()));

            // Without --silos the running farm keeps its own count.
            var again = StyleFarmCli.Run("cluster", "up", "--data", data.Path);
            Assert.Equal($"farm already up in {data.Path}", again.Stdout.Split('\n')[0].Trim());

            // Its silos keep their roots: other roots given to the running farm are refused, not ignored.
            var rooted = StyleFarmCli.Run("cluster", "up", "--data", data.Path, "--input-root", "/usr/share");
            Assert.Equal(1, rooted.ExitCode);
            Assert.StartsWith($"stylefarm: error: the farm in {data.Path} runs with inputs under {AppContext.BaseDirectory.TrimEnd('/')} and outputs under", rooted.Stderr.Trim());
            Assert.EndsWith("to change its roots, stop it with `stylefarm cluster down --data " + data.Path + "` and start it again with the new --input-root/--output-root", rooted.Stderr.Trim());
        }
        finally
        {
            StyleFarmCli.Run("cluster", "down", "--data", data.Path);
        }
    }

    [Fact]
    public void AFarmMadeWhenPostgresTrustedLocalConnectionsRequiresPasswordsAfterItsNextUp()
    {
        using var data = new TempFolder();
        var layout = new StyleFarm.Client.Cluster.ClusterLayout(data.Path);
        try
        {
            var up = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", data.Path, "--json");
            Assert.True(up.ExitCode == 0, up.Stderr);
            // Made as an older version made it: a table of the superuser's, trust for every connection, no password files.
            var port = JsonDocument.Parse(up.Stdout).RootElement.GetProperty("postgres").GetProperty("port").GetInt32();
            using (var admin = new Npgsql.NpgsqlConnection(StyleFarm.Client.Cluster.LocalPostgres.ConnectionString(port, "postgres",
                File.ReadAllText(layout.PostgresAdminPasswordFile).Trim())))
            {
                admin.Open();
                using var command = new Npgsql.NpgsqlCommand("ALTER TABLE orleans_storage OWNER TO postgres", admin);
                command.ExecuteNonQuery();
            }
            Assert.True(StyleFarmCli.Run("cluster", "down", "--data", data.Path).ExitCode == 0);
            var rules = Path.Combine(layout.PostgresData, "pg_hba.conf");
            File.WriteAllText(rules, "local all all trust\nhost all all 127.0.0.1/32 trust\n");
            File.Delete(layout.PostgresAdminPasswordFile);
            File.Delete(layout.PostgresSiloPasswordFile);

            var again = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", data.Path, "--json");

            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Contains("cluster: postgres: this farm trusted local connections; it now requires passwords", again.Stderr);
            Assert.DoesNotContain("trust", File.ReadAllText(rules));
            port = JsonDocument.Parse(again.Stdout).RootElement.GetProperty("postgres").GetProperty("port").GetInt32();
            using var anonymous = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=stylefarm");
            Assert.ThrowsAny<Npgsql.NpgsqlException>(() => anonymous.Open());
            using var silo = new Npgsql.NpgsqlConnection(new StyleFarm.Client.Cluster.LocalPostgres(layout).SiloConnectionString(port));
            silo.Open();
            using var owner = new Npgsql.NpgsqlCommand("SELECT tableowner FROM pg_tables WHERE tablename = 'orleans_storage'", silo);
            Assert.Equal("stylefarm_silo", owner.ExecuteScalar());
        }
        finally
        {
            StyleFarmCli.Run("cluster", "down", "--data", data.Path);
        }
    }

    [Fact]
    public void PsOnAStoppedFarmSaysItIsStoppedAndHowToStartIt()
    {
        using var data = new TempFolder();
        try
        {
            Assert.Equal($"no farm in {data.Path}: start one with `stylefarm cluster up --data {data.Path}`",
                StyleFarmCli.Run("cluster", "ps", "--data", data.Path).Stdout.Trim());
            var up = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", data.Path);
            Assert.True(up.ExitCode == 0, up.Stderr);
            var down = StyleFarmCli.Run("cluster", "down", "--data", data.Path);
            Assert.True(down.ExitCode == 0, down.Stderr);

            var ps = StyleFarmCli.Run("cluster", "ps", "--data", data.Path);

            Assert.Equal((0, $"the farm in {data.Path} is stopped: start it with `stylefarm cluster up --data {data.Path}`"), (ps.ExitCode, ps.Stdout.Trim()));
        }
        finally
        {
            StyleFarmCli.Run("cluster", "down", "--data", data.Path);
        }
    }

    [Theory]
    [InlineData("status")]
    [InlineData("submit")]
    [InlineData("watch")]
    [InlineData("cancel")]
    [InlineData("silo")]
    public void HelpNeverShowsTheTokenFromTheEnvironment(string command)
    {
        const string token = "secret-token-from-the-environment-4f2a";

        var help = StyleFarmCli.RunWith(new Dictionary<string, string> { ["STYLEFARM_TOKEN"] = token }, command, "--help");

        Assert.True(help.ExitCode == 0, help.Stderr);
        Assert.Contains("--token", help.Stdout);
        Assert.DoesNotContain(token, help.Stdout + help.Stderr);
    }

    [Fact]
    public void DownWithNoFarmIsFine()
    {
        using var data = new TempFolder();

        var down = StyleFarmCli.Run("cluster", "down", "--data", data.Path);

        Assert.Equal((0, $"no farm running in {data.Path}"), (down.ExitCode, down.Stdout.Trim()));
    }

    // The farm's Orleans membership table, as the silos wrote it through our migrations' queries.
    private static List<(string Name, int Status, int Port)> OrleansMembers(string database)
    {
        using var connection = new Npgsql.NpgsqlConnection(database);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT silo_name, status, port FROM orleans_membership WHERE status = 3 ORDER BY silo_name", connection);
        using var reader = command.ExecuteReader();
        var members = new List<(string, int, int)>();
        while (reader.Read()) members.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        return members;
    }

    // Running: /proc has it and it is not a zombie (an exited child of a reparented tree may wait to be reaped).
    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
