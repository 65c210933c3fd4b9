using System.Net.Http.Headers;
using System.Net.Http.Json;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Tests;

/// <summary>
/// `submit --train` against a silo whose worker offers less memory than a train task needs (its GC heap held to 2 GiB, so
/// it offers 2 GiB; a train task needs 4 GiB): refused at submit with one line naming the need and the largest silo,
/// and nothing queued, instead of a job that waits in Running for a silo that never comes.
/// </summary>
public sealed class TrainingMemoryCheckTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string DataFolder = "/usr/share/doc/opencv-doc/examples/data";

    [Fact]
    public async Task ATrainingJobNoLiveSiloHasTheMemoryFor_IsRefusedAtSubmitNamingTheNeedAndTheLargestSilo()
    {
        using var folder = new TempFolder();
        var photos = Directory.CreateDirectory(folder.File("photos")).FullName;
        File.Copy(Path.Combine(DataFolder, "fruits.jpg"), Path.Combine(photos, "fruits.jpg"));
        // The worker offers the memory the runtime may use: the heap's hard limit when one is set.
        using var silo = await SiloProcess.StartWithAsync(new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x80000000" }, [
            "--role", "worker,coordinator,api", "--store", $"folder:{folder.File("grains")}", "--artifacts", $"folder:{folder.File("artifacts")}",
            "--token", FarmSilo.Token, "--name", "small-silo", "--cache", folder.File("cache"), "--models", folder.File("models"), .. FarmSilo.FreeOrleansPorts(),
            "--input-root", folder.Path, "--input-root", DataFolder, "--output-root", folder.Path]);
        string[] server = ["--server", silo.Api, "--token", FarmSilo.Token];
        using var http = new HttpClient { BaseAddress = new Uri(silo.Api) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FarmSilo.Token);
        var offered = (await http.GetFromJsonAsync("/api/silos", ApiJsonContext.Default.IReadOnlyListSiloView))!.Single().MemoryBytes;

        var result = StyleFarmCli.Run(["submit", "--train", "--cpu", "--style", Path.Combine(DataFolder, "starry_night.jpg"), "--data", photos,
            "-o", "small.safetensors", "--iterations", "8", "--size", "48", "--batch", "1", "--two-frame", "--channels", "8", "--residual-blocks", "1", .. server]);

        output.WriteLine(result.Stderr);
        Assert.Equal(2L << 30, offered);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stylefarm: error: the server at ", line);
        Assert.EndsWith(" 400 Bad Request: the job spec is invalid: the training job needs 4.3 GB of memory, but the largest silo, small-silo, has 2.1 GB: start a worker silo with more memory", line);
        Assert.Empty((await http.GetFromJsonAsync("/api/jobs", ApiJsonContext.Default.IReadOnlyListJobSummary))!);
    }
}
