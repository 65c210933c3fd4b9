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
        await silo.WaitForAsync(new Regex("silo sigterm-silo: coordinator,api on folder:"));

        var exit = await silo.TerminateAsync();

        Assert.Equal(0, exit);
        await silo.WaitForAsync(new Regex("api: stopped"));
        await silo.WaitForAsync(new Regex("silo sigterm-silo: stopped"));
        Assert.DoesNotContain(FarmSilo.Token, silo.Output);
    }

    [Theory]
    [InlineData("gpu", "folder:x", "folder:a", "stylefarm: error: role 'gpu' is unknown: use any of worker, coordinator, api, comma-separated")]
    [InlineData("api", "mysql:x", "folder:a", "stylefarm: error: store kind 'mysql' is unknown: write postgres:CONNSTRING (a farm) or folder:PATH (one silo on this machine)")]
    [InlineData("api", "sqlite:x", "folder:a", "stylefarm: error: the SQLite task store went with the lease engine (jobs run on Orleans grains): give folder:PATH (one silo on this machine) or postgres:CONNSTRING (a farm)")]
    [InlineData("api", "folder:x", "s3:bucket", "stylefarm: error: artifact store kind 's3' is unknown: write folder:PATH or azure:CONNSTRING[;container=NAME]")]
    [InlineData("worker", "folder:x", "folder:", "stylefarm: error: artifact store 'folder:' has no path: write folder:PATH")]
    public void BadOptionsFailWithOneLine(string roles, string store, string artifacts, string expected)
    {
        using var folder = new TempFolder();
        var result = StyleFarmCli.Run("silo", "--role", roles, "--store", store.Replace(":x", ":" + Path.Combine(folder.Path, "x")), "--artifacts", artifacts,
            "--token", FarmSilo.Token);

        Assert.Equal((1, expected), (result.ExitCode, result.Stderr.Trim()));
    }

    [Fact]
    public void WithoutAStoreOptionOrVariableTheSiloSaysBothWaysToGiveIt()
    {
        using var folder = new TempFolder();
        var result = StyleFarmCli.RunWith(new Dictionary<string, string> { ["STYLEFARM_STORE"] = "" },
            "silo", "--role", "api", "--artifacts", $"folder:{folder.File("a")}", "--token", FarmSilo.Token);

        Assert.Equal((1, "stylefarm: error: the silo needs --store postgres:CONNSTRING or folder:PATH, or $STYLEFARM_STORE set to it (which keeps credentials out of the process list)"),
            (result.ExitCode, result.Stderr.Trim()));
    }

    [Fact]
    public async Task TheStoresMayComeFromTheEnvironmentInsteadOfTheCommandLine()
    {
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["STYLEFARM_STORE"] = $"folder:{folder.File("grains")}",
            ["STYLEFARM_ARTIFACTS"] = $"folder:{folder.File("artifacts")}",
        };
        using var silo = await SiloProcess.StartWithAsync(environment,
            ["--role", "api,coordinator", "--token", FarmSilo.Token, "--name", "env-silo", .. FarmSilo.FreeOrleansPorts()]);

        await silo.WaitForAsync(new Regex($"silo env-silo: coordinator,api on folder:{Regex.Escape(folder.File("grains"))}"));
    }

    [Fact]
    public void TheApiRoleWithoutATokenFailsSayingHowToGiveOne()
    {
        using var folder = new TempFolder();
        var result = StyleFarmCli.RunWith(new Dictionary<string, string> { ["STYLEFARM_TOKEN"] = "" },
            "silo", "--role", "api", "--store", $"folder:{folder.File("x")}", "--artifacts", $"folder:{folder.File("a")}");

        Assert.Equal((1, "stylefarm: error: the api role needs a token: give --token-file FILE, --token TOKEN or set STYLEFARM_TOKEN"), (result.ExitCode, result.Stderr.Trim()));
    }

    [Fact]
    public void AViewerTokenThatIsTheOperatorsIsRefused()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("token"), FarmSilo.Token + "\n");

        var result = StyleFarmCli.Run("silo", "--role", "api", "--store", $"folder:{folder.File("x")}", "--artifacts", $"folder:{folder.File("a")}",
            "--token-file", folder.File("token"), "--viewer-token-file", folder.File("token"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("stylefarm: error: the viewer token is the operator token: give the viewer a token of its own", result.Stderr.Trim());
        Assert.DoesNotContain(FarmSilo.Token, result.Stderr);
    }
}
