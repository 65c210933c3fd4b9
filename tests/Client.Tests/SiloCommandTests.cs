using System.Text.RegularExpressions;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm silo` as a process: it serves, stops cleanly on SIGTERM, and refuses bad options with one line.</summary>
public sealed class SiloCommandTests
{
    [Fact]
    public async Task SigtermStopsTheSiloCleanlyWithExitCodeZero()
    {
        using var folder = new TempFolder();
        using var silo = await SiloProcess.StartAsync(FarmSilo.Arguments(folder.Path, "sigterm-silo"));
        await silo.WaitForAsync(new Regex("coordinator: took the coordinator lock"));

        var exit = await silo.TerminateAsync();

        Assert.Equal(0, exit);
        await silo.WaitForAsync(new Regex("coordinator: gave up the coordinator lock"));
        await silo.WaitForAsync(new Regex("api: stopped"));
        await silo.WaitForAsync(new Regex("silo sigterm-silo: stopped"));
        Assert.DoesNotContain(FarmSilo.Token, silo.Output);
    }

    [Theory]
    [InlineData("gpu", "sqlite:x.db", "folder:a", "stylefarm: error: role 'gpu' is unknown: use any of worker, coordinator, api, comma-separated")]
    [InlineData("api", "mysql:x", "folder:a", "stylefarm: error: task store kind 'mysql' is unknown: write sqlite:PATH (one machine) or postgres:CONNSTRING (a farm)")]
    [InlineData("api", "sqlite:x.db", "s3:bucket", "stylefarm: error: artifact store kind 's3' is unknown: write folder:PATH or azure:CONNSTRING[;container=NAME]")]
    [InlineData("worker", "sqlite:x.db", "folder:", "stylefarm: error: artifact store 'folder:' has no path: write folder:PATH")]
    public void BadOptionsFailWithOneLine(string roles, string store, string artifacts, string expected)
    {
        using var folder = new TempFolder();
        var result = StyleFarmCli.Run("silo", "--role", roles, "--store", store.Replace("x.db", Path.Combine(folder.Path, "x.db")), "--artifacts", artifacts,
            "--token", FarmSilo.Token);

        Assert.Equal((1, expected), (result.ExitCode, result.Stderr.Trim()));
    }

    [Fact]
    public void TheApiRoleWithoutATokenFailsSayingHowToGiveOne()
    {
        using var folder = new TempFolder();
        var result = StyleFarmCli.RunWith(new Dictionary<string, string> { ["STYLEFARM_TOKEN"] = "" },
            "silo", "--role", "api", "--store", $"sqlite:{folder.File("x.db")}", "--artifacts", $"folder:{folder.File("a")}");

        Assert.Equal((1, "stylefarm: error: the api role needs a token: give --token-file FILE, --token TOKEN or set STYLEFARM_TOKEN"), (result.ExitCode, result.Stderr.Trim()));
    }
}
