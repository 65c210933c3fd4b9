using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Tests.Models;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Network;

public class TrainingCheckpointTests
{
    private const string Photos = "/usr/share/doc/opencv-doc/examples/data";

    [Fact]
    public async Task ATrainerRestoresItsOwnCheckpointExactlyAndRefusesAnotherRunsOne()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(Photos, "fruits.jpg"), folder.File("fruits.jpg"));
        var options = new TrainingOptions { Iterations = 3, ImageSize = 32, BatchSize = 1, Architecture = new NetworkArchitecture { Channels = 2, ResidualBlocks = 1 } };
        var data = await TrainingData.OpenAsync([folder.Path], options, folder.File("cache"));
        using var weights = new RandomFeatureWeights(Vgg16Layout.Features, 0, "checkpoint test");
        using var vgg = new FeatureNetwork(weights, options.Loss.FeatureLayers);
        using var targets = StyleTargetsOf(vgg, options.Loss);
        var loss = new VideoLoss(vgg, targets, options.Loss);
        var checkpoint = folder.File("run.checkpoint");

        using (var trainer = new NetworkTrainer(options, data, loss, CPU))
        {
            using var stop = new CancellationTokenSource();
            var progress = new Stopper(stop, after: 2);
            Assert.Throws<OperationCanceledException>(() => trainer.Run(checkpoint, checkpointEvery: 100, "run A", progress, stop.Token));
            Assert.Equal(2, trainer.Iteration);
        }
        Assert.Equal(2, TrainingCheckpoint.ReadIteration(checkpoint)); // saved when stopped, though not yet due

        using var resumed = new NetworkTrainer(options, data, loss, CPU);
        Assert.True(resumed.Resume(checkpoint, "run A"));
        Assert.Equal(2, resumed.History.Count);
        using var other = new NetworkTrainer(options, data, loss, CPU);
        var error = Assert.Throws<InvalidModelFileException>(() => other.Resume(checkpoint, "run B"));
        Assert.Contains("checkpoint of a run with other settings", error.Message);
        using var fresh = new NetworkTrainer(options, data, loss, CPU);
        Assert.False(fresh.Resume(folder.File("none"), "run A"));
    }

    internal static StyleTargets StyleTargetsOf(FeatureNetwork vgg, NetworkLossOptions options)
    {
        using var scope = NewDisposeScope();
        return VideoLoss.Targets(vgg, FrameTensors.ToTensor(ImageFile.Read(Path.Combine(Photos, "starry_night.jpg")), CPU), options);
    }

    // Cancels the run once it reports iteration `after`.
    private sealed class Stopper(CancellationTokenSource stop, int after) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Iteration == after) stop.Cancel();
        }
    }
}
