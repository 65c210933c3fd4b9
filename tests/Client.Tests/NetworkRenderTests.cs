using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Tests;

/// <summary>A model trained by `stylefarm train` (4 iterations of a tiny network) for the network render tests.</summary>
public sealed class TinyNetworkModel : IDisposable
{
    private readonly TempFolder _temp = new();

    public TinyNetworkModel()
    {
        Path = _temp.File("tiny.safetensors");
        var result = StyleFarmCli.Run(TrainCommandTests.TrainArguments(_temp, TrainCommandTests.PhotoFolder(_temp), Path, iterations: 4));
        if (result.ExitCode != 0) throw new InvalidOperationException($"training the test model failed: {result.Stderr}");
    }

    public string Path { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>`stylefarm render --method network`: the farm's plan, flow and stylize tasks with a trained network.</summary>
public sealed class NetworkRenderTests(TinyNetworkModel model) : IClassFixture<TinyNetworkModel>
{
    private const string DemoVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    [Fact]
    public void NetworkRenderCutIntoSegments_WritesEveryFrameAndReportsTheSeams()
    {
        using var temp = new TempFolder();

        // Frames 0…7 in segments [0, 4) and [4, 8), halo 2: the second segment builds its prior from frames 2 and 3.
        var result = StyleFarmCli.Run(["render", DemoVideo, "--method", "network", "--model", model.Path, "-o", temp.File("out.mkv"),
            "--frames", "0:8", "--width", "64", "--segment-length", "4", "--halo", "2"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"network {model.Path}, prior from the previous frame (dis flow)", result.Stdout);
        Assert.Contains("in 2 segments (L = 4, h = 2)", result.Stdout);
        Assert.Contains("seams:", result.Stdout);
        Assert.DoesNotContain("vgg19", result.Stdout);
        var info = VideoProbe.Probe(temp.File("out.mkv"));
        Assert.Equal((8, 64, 48), (info.FrameCount, info.Width, info.Height));
        Assert.Equal(["out.mkv"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--style", "a network's style is in its model: leave out --style")]
    [InlineData("--passes", "--passes sets the optimization method")]
    [InlineData("no model", "--method network needs the trained model: --model MODEL")]
    [InlineData("bad model", "bad.safetensors")]
    public void NetworkRenderWithTheWrongOptions_ExitsOneWithOneLine_AndLeavesNothing(string problem, string message)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bad.safetensors"), "not a model");
        List<string> arguments = ["render", DemoVideo, "--method", "network", "-o", temp.File("out.mp4"), "--frames", "0:2", "--width", "64"];
        if (problem != "no model") arguments.AddRange(["--model", problem == "bad model" ? temp.File("bad.safetensors") : model.Path]);
        if (problem == "--style") arguments.AddRange(["--style", "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg"]);
        if (problem == "--passes") arguments.AddRange(["--passes", "2"]);

        var result = StyleFarmCli.Run([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stylefarm: error:", line);
        Assert.Contains(message, line);
        Assert.Equal(["bad.safetensors"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }
}
