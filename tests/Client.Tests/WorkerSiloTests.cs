using System.Text.Json;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Tests;

/// <summary>One `stylefarm silo --role worker,coordinator,api` process renders a submitted job end to end.</summary>
public sealed class WorkerSiloTests
{
    private const string DataFolder = "/usr/share/doc/opencv-doc/examples/data";

    [Fact]
    public async Task ASiloWithEveryRoleRendersASubmittedJobToSixFramesAndReportsItsSeamRatio()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.mkv");
        await WritePanningClipAsync(input);
        var output = folder.File("out.mkv");
        using var silo = await SiloProcess.StartAsync([
            "--role", "worker,coordinator,api", "--store", $"folder:{folder.File("grains")}", "--artifacts", $"folder:{folder.File("artifacts")}",
            "--token", FarmSilo.Token, "--name", "worker-silo", "--cache", folder.File("cache"), "--models", folder.File("models"), .. FarmSilo.FreeOrleansPorts(),
            "--input-root", folder.Path, "--input-root", DataFolder, "--output-root", folder.Path]);
        string[] server = ["--server", silo.Api, "--token", FarmSilo.Token];

        var submitted = StyleFarmCli.Run(["submit", input, "--style", Path.Combine(DataFolder, "starry_night.jpg"), "-o", output, "--preset", "preview",
            "--iterations", "2", "--first-frame-iterations", "2", "--passes", "2", "--segment-length", "3", "--halo", "1", .. server]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var id = submitted.Stdout.Trim();

        // watch returns when the job leaves the active states (0 only for Succeeded); the CLI runner's 5-minute limit is the deadline.
        var watched = StyleFarmCli.Run(["watch", id, .. server]);
        Assert.True(watched.ExitCode == 0, $"{watched.Stdout}\n{watched.Stderr}\nsilo: {silo.Output}");

        var probed = StyleFarmCli.Run("probe", output, "--json");
        Assert.True(probed.ExitCode == 0, probed.Stderr);
        using var probe = JsonDocument.Parse(probed.Stdout);
        Assert.Equal((64, 48, 6), (probe.RootElement.GetProperty("width").GetInt32(), probe.RootElement.GetProperty("height").GetInt32(),
            probe.RootElement.GetProperty("frameCount").GetInt32()));

        var status = StyleFarmCli.Run(["status", id, "--json", .. server]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        using var shown = JsonDocument.Parse(status.Stdout);
        Assert.Equal("Succeeded", shown.RootElement.GetProperty("state").GetString());
        Assert.Equal(6, shown.RootElement.GetProperty("framesDone").GetInt32());
        // Two segments of three frames meet at one seam, so the encode task measured a ratio.
        var seam = shown.RootElement.GetProperty("seamRatio");
        Assert.Equal(JsonValueKind.Number, seam.ValueKind);
        Assert.InRange(seam.GetDouble(), double.Epsilon, 1e6);
    }

    // Six 64×48 crops of the fruits photo, each 4 px right and 2 px down of the last: a pan the flow can follow.
    private static async Task WritePanningClipAsync(string path)
    {
        var photo = ImageFile.Read(Path.Combine(DataFolder, "fruits.jpg"));
        await using var writer = new VideoWriter(path, new VideoWriterOptions { Format = OutputFormat.Ffv1, FrameRate = new FrameRate(10) });
        for (var n = 0; n < 6; n++) await writer.WriteAsync(Crop(photo, 100 + 4 * n, 100 + 2 * n, 64, 48));
        await writer.CompleteAsync();
    }

    private static RgbFrame Crop(RgbFrame image, int left, int top, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            Array.Copy(image.Pixels, ((top + y) * image.Width + left) * 3, pixels, y * width * 3, width * 3);
        return new RgbFrame(width, height, pixels);
    }
}
