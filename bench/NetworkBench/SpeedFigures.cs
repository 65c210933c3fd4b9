using System.Diagnostics;
using System.Globalization;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;
using StyleFarm.Kernels.Style;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Network;

/// <summary>
/// bench/network.sh: the paper's network (seeded weights) rendering frames (warp of the previous output + mask filter +
/// network, eq. 15) at each --sizes, and training iterations (two-frame, eq. 17, batch --batch at --train-size, VGG-16
/// loss, Adam; the trainer's real iteration, drawing its synthetic sample included) beside the same in PyTorch
/// (bench/reference/network_ref.py, same threads), with medians and the ratio.
/// Options: --threads 2, --sizes 256x144,1024x436, --repeats 5, --train-size 256, --batch 4, --train-repeats 3,
/// --device cpu, --python /usr/bin/python3, --no-reference.
/// </summary>
internal static class SpeedFigures
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var threads = args.Int("--threads", 2);
        var sizes = args.String("--sizes", "256x144,1024x436").Split(',')
            .Select(s => s.Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()).Select(v => (W: v[0], H: v[1])).ToList();
        var repeats = args.Int("--repeats", 5);
        var trainSize = args.Int("--train-size", 256);
        var batch = args.Int("--batch", 4);
        var trainRepeats = args.Int("--train-repeats", 3);
        var device = new Device(args.String("--device", "cpu"));
        set_num_threads(threads);
        Console.WriteLine($"network stylizer speed, {threads} threads on {device}, paper network (c9s1-32 … 5 × R128), medians of {repeats} frames / {trainRepeats} iterations");

        var ours = new Dictionary<string, double>();
        using (var network = new TransformerNetwork(NetworkArchitecture.Paper, seed: 0))
        {
            if (device.type != TorchSharp.DeviceType.CPU) network.to(device);
            network.eval();
            var stylizer = new NetworkStylizer(network, maskErosion: 7);
            foreach (var (w, h) in sizes) ours[$"render@{w}x{h}"] = MedianTiming.Ms(RenderFrame(stylizer, w, h, device), repeats);
        }
        if (trainRepeats > 0) ours[$"train@{trainSize}x{trainSize}x{batch}"] = await TrainIterationMs(trainSize, batch, trainRepeats, device);

        var reference = args.Flag("--no-reference") ? [] : Reference(args, threads, repeats, trainSize, batch, trainRepeats);
        Console.WriteLine($"{"",-22} {"StyleFarm ms",13} {"PyTorch ms",11} {"ratio",6}   rate (StyleFarm / PyTorch)");
        foreach (var (name, ms) in ours)
        {
            var unit = name.StartsWith("render", StringComparison.Ordinal) ? "frames/s" : "iterations/s";
            var theirs = reference.TryGetValue(name, out var r) ? r : double.NaN;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-22} {ms,13:F1} {theirs,11:F1} {ms / theirs,6:F2}   {1000 / ms:F2} / {1000 / theirs:F2} {unit}"));
        }
        Console.WriteLine("ratio: StyleFarm's time / PyTorch's (below 1: StyleFarm is faster)");
        return 0;
    }

    // One frame of eq. 15's recursion: the previous output warped by the flow, its mask filtered, the network.
    private static Action RenderFrame(NetworkStylizer stylizer, int w, int h, Device device)
    {
        manual_seed(0);
        var frame = rand([1, 3, h, w], device: device);
        var previous = rand([1, 3, h, w], device: device);
        var flow = full([1, h, w, 2], 1.5f, device: device);
        var weights = (rand([1, 1, h, w], device: device) > 0.05f).to_type(ScalarType.Float32);
        return () =>
        {
            using var scope = NewDisposeScope();
            var prior = stylizer.Prior(previous, flow, weights);
            var output = stylizer.Stylize(frame, prior);
            output[0, 0, 0, 0].item<float>(); // waits for the device
            previous.Dispose();
            previous = output.MoveToOuterDisposeScope();
        };
    }

    // The trainer's median seconds per iteration over two-frame samples from one photo, after one warm-up iteration.
    private static async Task<double> TrainIterationMs(int size, int batch, int repeats, Device device)
    {
        var temp = Directory.CreateTempSubdirectory("stylefarm-network-speed-").FullName;
        try
        {
            File.Copy(Path.Combine(QualityFigures.Photos, "fruits.jpg"), Path.Combine(temp, "fruits.jpg"));
            var options = new TrainingOptions { Iterations = repeats + 1, ImageSize = size, BatchSize = batch, MultiFrame = false, Mixed = false };
            var data = await TrainingData.OpenAsync([temp], options, Path.Combine(temp, "cache"));
            using var weights = new RandomFeatureWeights(Vgg16Layout.Features, 0, "bench");
            using var vgg = new FeatureNetwork(weights, options.Loss.FeatureLayers, device);
            StyleTargets targets;
            using (NewDisposeScope())
                targets = VideoLoss.Targets(vgg, rand([1, 3, 256, 256], device: device), options.Loss);
            using var _ = targets;
            using var trainer = new NetworkTrainer(options, data, new VideoLoss(vgg, targets, options.Loss), device);
            var seconds = new List<double>();
            trainer.Run(null, 1, "bench", new Recorder(seconds), CancellationToken.None);
            var samples = seconds.Skip(1).Order().ToList();
            return 1000 * samples[samples.Count / 2];
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private sealed class Recorder(List<double> seconds) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => seconds.Add(value.Seconds);
    }

    // bench/reference/network_ref.py with the same settings: "name milliseconds" lines.
    private static Dictionary<string, double> Reference(Arguments args, int threads, int repeats, int trainSize, int batch, int trainRepeats)
    {
        var python = args.String("--python", "/usr/bin/python3");
        var script = Path.Combine(RepoRoot(), "bench", "reference", "network_ref.py");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "--threads", $"{threads}", "--device", args.String("--device", "cpu"), "--sizes", args.String("--sizes", "256x144,1024x436"),
                     "--repeats", $"{repeats}", "--train-size", $"{trainSize}", "--batch", $"{batch}", "--train-repeats", $"{trainRepeats}" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"reference run failed ({python} {script}): {stderr.Trim().Split('\n').LastOrDefault()}");
            return [];
        }
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the bench from a StyleFarm checkout (Cluster.sln not found above the program)");
    }
}
