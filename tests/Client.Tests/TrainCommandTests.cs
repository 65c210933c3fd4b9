using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;
using Xunit.Abstractions;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm train` as a user runs it: tiny networks on two photos, a few iterations.</summary>
public sealed class TrainCommandTests(ITestOutputHelper log)
{
    private const string Painting = "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg";
    private const string Photos = "/usr/share/doc/opencv-doc/examples/data";

    [Fact]
    public void TinyTraining_WritesAModelWhoseHeaderNamesTheStyleTheSettingsAndTheRandomFeatureNetwork()
    {
        using var temp = new TempFolder();
        var data = PhotoFolder(temp);

        var result = StyleFarmCli.Run(TrainArguments(temp, data, temp.File("starry.safetensors"), iterations: 4));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("note: no vgg16 weights installed (run `stylefarm models install vgg16 PATH|URL`)", result.Stdout);
        Assert.Contains("training data: 2 still images", result.Stdout);
        var header = NetworkModelFile.ReadHeader(temp.File("starry.safetensors"));
        Assert.Equal(("starry_night.jpg", 4, 48, 2), (header.Style.Name, header.IterationsTrained, header.Training.ImageSize, header.Training.BatchSize));
        Assert.Equal(new NetworkArchitecture { Channels = 4, ResidualBlocks = 1 }, header.Architecture);
        Assert.True(header.FeatureNetwork.Random);
        Assert.Equal("vgg16", header.FeatureNetwork.Name);
        Assert.Equal(4, header.LossCurve.Count);
        Assert.False(File.Exists(temp.File("starry.safetensors.checkpoint")), "the checkpoint outlived a finished training");
    }

    [Theory]
    [InlineData("missing data folder", "training data folder not found")]
    [InlineData("empty data folder", "no training data")]
    [InlineData("missing style", "style image not found")]
    public void BadInput_ExitsOneWithOneErrorLineNamingIt_AndWritesNoModel(string problem, string message)
    {
        using var temp = new TempFolder();
        var data = problem == "missing data folder" ? temp.File("nowhere") : Directory.CreateDirectory(temp.File("data")).FullName;
        if (problem == "missing style") File.Copy(Path.Combine(Photos, "fruits.jpg"), Path.Combine(data, "fruits.jpg"));
        var arguments = TrainArguments(temp, data, temp.File("model.safetensors"), iterations: 2);
        if (problem == "missing style") arguments[Array.IndexOf(arguments, Painting)] = temp.File("nowhere.jpg");

        var result = StyleFarmCli.Run(arguments);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stylefarm: error:", line);
        Assert.Contains(message, line);
        Assert.Contains(problem == "missing style" ? "nowhere.jpg" : problem == "missing data folder" ? "nowhere" : data, line);
        Assert.False(File.Exists(temp.File("model.safetensors")));
        Assert.False(File.Exists(temp.File("model.safetensors.checkpoint")));
    }

    [Fact]
    public void TrainingKilledMidway_ResumesFromItsCheckpoint_ToTheWeightsOfAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        var data = PhotoFolder(temp);
        var model = temp.File("resumed.safetensors");
        var checkpoint = model + ".checkpoint";
        // 12 iterations (2, 3 and 5 frames per sample on the scaled schedule), a checkpoint every 3.
        string[] Command(string output) => TrainArguments(temp, data, output, iterations: 12, ["--checkpoint-every", "3"]);

        using (var watcher = new FileSystemWatcher(temp.Path) { EnableRaisingEvents = true })
        using (var training = StyleFarmCli.Start(Command(model)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!File.Exists(checkpoint))
            {
                Assert.False(training.Process.HasExited, $"the training exited before its first checkpoint: {training.Stderr}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint within 3 minutes");
                watcher.WaitForChanged(WatcherChangeTypes.All, TimeSpan.FromSeconds(1));
            }
            training.Process.Kill(entireProcessTree: true); // SIGKILL: no chance to save anything more
            training.Process.WaitForExit();
        }
        Assert.False(File.Exists(model), "the training finished before it could be killed");
        var killedAt = TrainingCheckpoint.ReadIteration(checkpoint);
        log.WriteLine($"killed after the checkpoint of iteration {killedAt}");

        var resumed = StyleFarmCli.Run(Command(model));
        var uninterrupted = StyleFarmCli.Run(Command(temp.File("whole.safetensors")));

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);
        Assert.Contains($"resuming from {checkpoint} after iteration {killedAt} of 12", resumed.Stdout);
        Assert.InRange(killedAt, 3, 9);
        Assert.Equal(File.ReadAllBytes(temp.File("whole.safetensors")), File.ReadAllBytes(model));
    }

    [Fact]
    public void AFileThatIsNotACheckpointIsRefusedRatherThanOverwritten()
    {
        using var temp = new TempFolder();
        var data = PhotoFolder(temp);
        new SafeTensorsWriter().Add("weights", [2], [1f, 2f]).Write(temp.File("mine.safetensors"));
        var before = File.ReadAllBytes(temp.File("mine.safetensors"));

        var result = StyleFarmCli.Run(TrainArguments(temp, data, temp.File("model.safetensors"), iterations: 2, ["--checkpoint", temp.File("mine.safetensors")]));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mine.safetensors: is not a training checkpoint", result.Stderr);
        Assert.Equal(before, File.ReadAllBytes(temp.File("mine.safetensors")));
        Assert.False(File.Exists(temp.File("model.safetensors")));
    }

    // 48-px frames, a 4-channel network with one residual block, batch 2, an empty model folder (the seeded random VGG-16
    // whatever is installed) and a cache in the temporary folder.
    internal static string[] TrainArguments(TempFolder temp, string data, string output, int iterations, string[]? more = null)
    {
        var models = Directory.CreateDirectory(temp.File("models")).FullName;
        return ["train", "--style", Painting, "--data", data, "-o", output, "--iterations", iterations.ToString(), "--size", "48", "--batch", "2",
            "--channels", "4", "--residual-blocks", "1", "--models", models, "--cache", temp.File("cache"), .. more ?? []];
    }

    internal static string PhotoFolder(TempFolder temp)
    {
        var data = Directory.CreateDirectory(temp.File("photos")).FullName;
        foreach (var name in new[] { "fruits.jpg", "baboon.jpg" }) File.Copy(Path.Combine(Photos, name), Path.Combine(data, name));
        return data;
    }
}
