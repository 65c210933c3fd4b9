using System.Diagnostics;
using System.Globalization;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;
using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Network;

/// <summary>
/// bench/network-quality.sh: trains a small network (or loads --model), then measures it on synthetic sequences with
/// exact flow, with its prior (eq. 15) and per frame (empty prior every frame): temporal error, content and style
/// (Tables 2 and 5), and the style term along a 100-frame sequence (no degeneration). Prints the figures and ratios.
/// </summary>
internal static class QualityFigures
{
    public const string Photos = "/usr/share/doc/opencv-doc/examples/data";

    /// <summary>The photos the bench trains on; the measured sequences are filmed from others.</summary>
    public static readonly string[] TrainingPhotos = ["fruits.jpg", "baboon.jpg", "building.jpg", "home.jpg", "orange.jpg", "HappyFish.jpg", "aero1.jpg", "butterfly.jpg"];

    public static async Task<int> RunAsync(Arguments args)
    {
        var size = args.Int("--size", 64);
        var options = new TrainingOptions
        {
            Iterations = args.Int("--iterations", 300),
            ImageSize = size,
            BatchSize = args.Int("--batch", 2),
            SyntheticMaxShift = 32.0 * size / 256,
            SyntheticMaxZoomOut = 32.0 * size / 256,
            Seed = (ulong)args.Int("--seed", 0),
            LearningRate = args.Double("--learning-rate", 1e-3),
            Architecture = new NetworkArchitecture { Channels = args.Int("--channels", 8), ResidualBlocks = args.Int("--blocks", 1) },
        };
        var loss = options.Loss;
        options = options with
        {
            Loss = loss with
            {
                StyleWeight = args.Double("--style-weight", loss.StyleWeight),
                ContentWeight = args.Double("--content-weight", loss.ContentWeight),
                TemporalWeight = args.Double("--temporal-weight", loss.TemporalWeight),
                TotalVariationWeight = args.Double("--tv-weight", loss.TotalVariationWeight),
            },
        };
        var style = args.String("--style", Path.Combine(Photos, "starry_night.jpg"));
        var dump = args.StringOrNull("--dump");
        using var weights = new RandomFeatureWeights(Vgg16Layout.Features, 0, "bench");
        var model = args.StringOrNull("--model");
        var temp = Directory.CreateTempSubdirectory("stylefarm-network-quality-").FullName;
        try
        {
            if (model is null)
            {
                var data = Directory.CreateDirectory(Path.Combine(temp, "data")).FullName;
                foreach (var name in TrainingPhotos) File.Copy(Path.Combine(Photos, name), Path.Combine(data, name));
                model = Path.Combine(temp, "bench.safetensors");
                var clock = Stopwatch.StartNew();
                var header = await TrainingRun.RunAsync(new TrainingRequest
                {
                    StyleImage = style, DataFolders = [data], Output = model, CacheFolder = Path.Combine(temp, "cache"), Options = options,
                }, weights, CPU);
                var curve = header.LossCurve;
                Print($"trained {options.Iterations} iterations at {size} px, batch {options.BatchSize}, {options.Architecture.Channels} channels, " +
                      $"{options.Architecture.ResidualBlocks} blocks in {clock.Elapsed.TotalSeconds:F0} s");
                Print($"loss (content, style, temporal): first {Terms(curve[0])}, last {Terms(curve[^1])}");
                Print($"loss fell to {curve[^1].Total / curve[0].Total:F3}× its first stretch");
                if (args.StringOrNull("--keep") is { } keep) File.Copy(model, keep, overwrite: true);
            }
            using var network = new FeatureNetwork(weights, options.Loss.FeatureLayers, CPU);
            using var trained = NetworkModelFile.Load(model, CPU);
            options = trained.Header.Training;
            using var targets = StyleTargetsOf(network, style, options.Loss);
            var videoLoss = new VideoLoss(network, targets, options.Loss);
            var stylizer = new NetworkStylizer(trained);

            var photo = QualityPhoto(args.String("--photo", "squirrel_cls.jpg"), size);
            var walk = SyntheticSequences.RandomWalk(photo, size, size, args.Int("--frames", 20), seed: 5,
                new RandomWalkOptions { MaxShift = 8.0 * size / 256 * 4, MaxZoomOut = 0, DrawEveryFrame = true });
            var prior = NetworkShotFigures.Measure(stylizer, videoLoss, walk, withPrior: true, dump, "prior");
            var single = NetworkShotFigures.Measure(stylizer, videoLoss, walk, withPrior: false, dump, "per-frame");
            Print($"{walk.Count}-frame walk of {photo.Width}x{photo.Height} at {size} px: with prior vs per frame");
            Print($"  temporal error  {prior.TemporalError:E3}  {single.TemporalError:E3}  ratio {prior.TemporalError / single.TemporalError:F3}  (paper: 0.49, goal ≤ 0.5)");
            Print($"  content         {prior.MeanContent:E3}  {single.MeanContent:E3}  ratio {prior.MeanContent / single.MeanContent:F3}  (paper: 0.97, goal ≤ 1.1)");
            Print($"  style           {prior.MeanStyle:E3}  {single.MeanStyle:E3}  ratio {prior.MeanStyle / single.MeanStyle:F3}  (paper: 0.77, goal ≤ 1.1)");

            // A slow pan (0.25 px a frame): the content hardly changes, so a change of style over 100 recursions is drift.
            var longRun = SyntheticSequences.PanZoom(photo, size, size, 100, 0.25, 0.125, 0);
            var hundred = NetworkShotFigures.Measure(stylizer, videoLoss, longRun, withPrior: true, dump, "long");
            Print($"100 frames of a slow pan with the prior: style at frame 100 / frame 2 {hundred.Style[99] / hundred.Style[1]:F3} (goal ≤ 1.2), " +
                  $"content {hundred.Content[99] / hundred.Content[1]:F3}; style at frames 2, 25, 50, 75, 100: " +
                  string.Join(", ", new[] { 1, 24, 49, 74, 99 }.Select(t => hundred.Style[t].ToString("E2", CultureInfo.InvariantCulture))));
            return 0;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static Kernels.Imaging.RgbFrame QualityPhoto(string name, int size) =>
        StillPhoto.Fit(ImageFile.Read(Path.Combine(Photos, name)), size);

    private static StyleTargets StyleTargetsOf(FeatureNetwork network, string style, NetworkLossOptions options)
    {
        using var scope = NewDisposeScope();
        return VideoLoss.Targets(network, Kernels.Stylize.FrameTensors.ToTensor(ImageFile.Read(style), CPU), options);
    }

    private static string Terms(LossPoint p) => string.Create(CultureInfo.InvariantCulture, $"{p.Content:E2}, {p.Style:E2}, {p.Temporal:E2}");

    private static void Print(string line) => Console.WriteLine(line);
}
