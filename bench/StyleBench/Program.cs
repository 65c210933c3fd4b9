// Times one L-BFGS-style evaluation of the frame energy (VGG-19 to relu5_1 forward and backward to the
// image) in our C# stack and in PyTorch (bench/reference/style_ref.py, run here as a second process), at the
// same thread count, alternating the two evaluation by evaluation so both see the same load, and prints
// the medians of wall and process CPU time with the ratios. Never passes or fails. Usage: bench/run-style.sh [--threads N] [--repeats N]
// [--warmup N] [--sizes 256x144,512x218] [--breakdown] [--check WxH|none].
using System.Globalization;
using StyleFarm.Bench.Shared;
using StyleFarm.Bench.Style;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

if (BenchArguments.Parse("style bench", args, BenchOptions.Parse) is not { } options) return BenchArguments.BadUsage;

set_num_threads(options.Threads);
var energy = new StyleEnergyOptions();
using var weights = new RandomFeatureWeights(Vgg19Layout.Features, 0, "bench");
using var network = new FeatureNetwork(weights, energy.FeatureLayers, padding: FeaturePadding.Zeros); // torchvision's padding, as the reference script
Console.WriteLine("one evaluation = VGG-19 forward to relu5_1 (content relu4_2, style relu1_1..relu5_1, temporal, TV) + backward to the image");
Console.WriteLine($"threads {get_num_threads()}, median of {options.Repeats} after {options.Warmup} warm-up, ours and the reference alternating; " +
                  $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}, libtorch {__version__}");

if (options.Check is var (checkWidth, checkHeight)) ParityCheck.Run(network, weights, options, checkWidth, checkHeight);

var cases = new List<(string Name, bool NetworkOnly)> { ("full energy", false) };
if (options.Breakdown) cases.Add(("network only (no Gram)", true));
string? torchVersion = null;
var achieved = new List<(int Width, int Height, double Gflops)>();
foreach (var (name, networkOnly) in cases)
{
    Console.WriteLine();
    Console.WriteLine($"{name}:");
    Console.WriteLine($"{"size",-9} {"ours ms",9} {"ref ms",9} {"ours/ref",9} {"ours cpu ms",12} {"ref cpu ms",11} {"cpu ratio",10} {"tensors/eval",13} {"managed KB/eval",16}");
    foreach (var (width, height) in options.Sizes)
    {
        using var ours = new OurEvaluation(network, width, height, networkOnly);
        using var reference = new ReferenceServer(options, width, height, networkOnly);
        torchVersion = reference.Torch;
        for (var i = 0; i < options.Warmup; i++)
        {
            ours.Run();
            reference.Evaluate();
        }
        var ourSamples = new List<Sample>();
        var referenceSamples = new List<Sample>();
        for (var i = 0; i < options.Repeats; i++)
        {
            // Alternate who goes first, so neither always runs right after the other's memory traffic.
            if (i % 2 == 0)
            {
                ourSamples.Add(ours.Run());
                referenceSamples.Add(reference.Evaluate());
            }
            else
            {
                referenceSamples.Add(reference.Evaluate());
                ourSamples.Add(ours.Run());
            }
        }
        var (mine, theirs) = (Median(ourSamples.Select(s => s.WallMs)), Median(referenceSamples.Select(s => s.WallMs)));
        var (myCpu, theirCpu) = (Median(ourSamples.Select(s => s.CpuMs)), Median(referenceSamples.Select(s => s.CpuMs)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{$"{width}x{height}",-9} {mine,9:F1} {theirs,9:F1} {mine / theirs,9:F2} {myCpu,12:F1} {theirCpu,11:F1} {myCpu / theirCpu,10:F2} {ours.TensorsPerEvaluation,13} {ours.ManagedBytesPerEvaluation / 1024.0,16:F1}"));
        if (!networkOnly) achieved.Add((width, height, EvaluationFlops.Count(network, width, height) / (mine / 1000) / 1e9));
    }
}
var peak = EvaluationFlops.MatmulPeakGflops();
Console.WriteLine();
foreach (var (width, height, gflops) in achieved)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{width}x{height}: ours {gflops:F0} GFLOP/s (convolutions and Gram GEMMs), {gflops / peak:P0} of a 2048² matmul's {peak:F0} GFLOP/s here"));
Console.WriteLine();
Console.WriteLine($"reference: PyTorch {torchVersion} ({options.Python}), idiomatic code in {Path.GetRelativePath(Environment.CurrentDirectory, options.Script)}");
return 0;

static double Median(IEnumerable<double> samples)
{
    var sorted = samples.Order().ToList();
    var n = sorted.Count;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
