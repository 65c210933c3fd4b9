using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// One training run from files to a model file: reads the style image and the data, builds the VGG-16 loss, resumes from
/// the request's checkpoint when one of the same run is there, trains to the budget, writes the model (header included)
/// and removes the checkpoint. Bad input fails before any file is written.
/// </summary>
public static class TrainingRun
{
    /// <summary>Runs <paramref name="request"/> with the loss network's <paramref name="featureWeights"/> (VGG-16) on <paramref name="device"/>.</summary>
    /// <returns>The header written into the model.</returns>
    public static async Task<NetworkModelHeader> RunAsync(TrainingRequest request, IFeatureWeights featureWeights, Device device,
        IProgress<TrainingProgress>? progress = null, IProgress<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(featureWeights);
        var options = request.Options;
        options.Validate();
        if (request.CheckpointEvery < 1) throw new ArgumentException($"checkpoint every {request.CheckpointEvery} iterations: use at least 1");
        if (!File.Exists(request.StyleImage)) throw new FileNotFoundException($"style image not found: {request.StyleImage}", request.StyleImage);
        if (Directory.Exists(request.Output)) throw new ArgumentException($"the output {request.Output} is a folder: give a model file name");
        var style = ImageFile.Read(request.StyleImage);
        var data = await TrainingData.OpenAsync(request.DataFolders, options, request.CacheFolder, log, cancel).ConfigureAwait(false);
        log?.Report($"training data: {data.Stills.Count} still images (synthetic sequences), {data.Tuples.Count} tuples of real footage");

        // NCHW: the CI-size network quality test's trajectory sits within 1 % of its goals (FeatureNetwork's channelsLast).
        using var network = new FeatureNetwork(featureWeights, options.Loss.FeatureLayers, device, channelsLast: false);
        using var targets = StyleTargetsOf(network, style, options.Loss);
        var loss = new VideoLoss(network, targets, options.Loss);
        var styleSource = new StyleSource(Path.GetFileName(request.StyleImage), FileHash.Sha256(request.StyleImage), targets.Width, targets.Height);
        var features = new FeatureNetworkSource(featureWeights.Layout.ModelName, featureWeights.Description, featureWeights.IsRandom);
        var fingerprint = Fingerprint(options, styleSource, features, data, request.CacheFolder);

        using var trainer = new NetworkTrainer(options, data, loss, device);
        if (trainer.Resume(request.CheckpointPath, fingerprint))
            log?.Report($"resuming from {request.CheckpointPath} after iteration {trainer.Iteration} of {options.Iterations}");
        await Task.Yield();
        trainer.Run(request.CheckpointPath, request.CheckpointEvery, fingerprint, progress, cancel);

        var header = new NetworkModelHeader
        {
            Architecture = options.Architecture,
            MaskErosion = options.MaskErosion,
            Style = styleSource,
            Training = options,
            IterationsTrained = trainer.Iteration,
            FeatureNetwork = features,
            LossCurve = trainer.History.Curve(),
        };
        trainer.Network.eval();
        NetworkModelFile.Save(request.Output, trainer.Network, header);
        File.Delete(request.CheckpointPath);
        return header;
    }

    private static StyleTargets StyleTargetsOf(FeatureNetwork network, Imaging.RgbFrame style, NetworkLossOptions options)
    {
        using var scope = NewDisposeScope();
        return VideoLoss.Targets(network, FrameTensors.ToTensor(style, network.Device), options);
    }

    // What must match for a checkpoint to continue this run: the settings, the style, the feature network and the data. Tuples
    // count by their place in the cache, so a farm silo with its own cache folder continues another silo's checkpoint.
    private static string Fingerprint(TrainingOptions options, StyleSource style, FeatureNetworkSource features, TrainingData data, string cacheFolder)
    {
        var names = data.Stills.Concat(data.Tuples.Select(t => Path.GetRelativePath(cacheFolder, t)));
        var files = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', names))));
        return JsonSerializer.Serialize(new { options, style, features, files }, NetworkModelHeader.Json);
    }
}
