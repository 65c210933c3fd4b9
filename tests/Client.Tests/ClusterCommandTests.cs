using System.Text.Json;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm cluster up/ps/down`: a real farm (PostgreSQL, Azurite, silo processes) on this machine.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterCommandTests
{
    [Fact]
    public void UpStartsTwoSilosPsShowsThemRunningAndDownStopsEverything()
    {
        using var data = new TempFolder();
        try
        {
            var up = StyleFarmCli.Run("cluster", "up", "--silos", "2", "--data", data.Path, "--json");
            Assert.True(up.ExitCode == 0, up.Stderr);
            using var state = JsonDocument.Parse(up.Stdout);
            var token = state.RootElement.GetProperty("token").GetString()!;
            Assert.Matches("^[0-9a-f]{48}$", token);
            Assert.Equal(token + "\n", File.ReadAllText(data.File("token")));
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
            Assert.Equal([("silo-0", 3), ("silo-1", 3)], OrleansMembers(postgresPort).Select(m => (m.Name, m.Status)));
            using var recorded = JsonDocument.Parse(File.ReadAllText(data.File("cluster.json")));
            Assert.Equal(recorded.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("siloPort").GetInt32()),
                OrleansMembers(postgresPort).Select(m => m.Port));

            // The farm answers with the printed address and token: both silos registered and alive.
            var api = state.RootElement.GetProperty("api").GetString()!;
            // The submit check reads the input and the style: real files, two tiny frames.
            const string demo = "/usr/share/doc/opencv-doc/examples/data";
            var listed = StyleFarmCli.Run("submit", $"{demo}/vtest.avi", "--style", $"{demo}/starry_night.jpg", "-o", data.File("o.mp4"), "--preset", "preview",
                "--frames", "0:2", "--width", "32", "--iterations", "1", "--first-frame-iterations", "1", "--server", api, "--token", token);
            Assert.True(listed.ExitCode == 0, listed.Stderr);

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
    public void DownWithNoFarmIsFine()
    {
        using var data = new TempFolder();

        var down = StyleFarmCli.Run("cluster", "down", "--data", data.Path);

        Assert.Equal((0, $"no farm running in {data.Path}"), (down.ExitCode, down.Stdout.Trim()));
    }

    // The farm's Orleans membership table, as the silos wrote it through our migrations' queries.
    private static List<(string Name, int Status, int Port)> OrleansMembers(int postgresPort)
    {
        using var connection = new Npgsql.NpgsqlConnection(StyleFarm.Client.Cluster.LocalPostgres.ConnectionString(postgresPort));
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
