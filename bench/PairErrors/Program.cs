using System.Globalization;
using StyleFarm.Bench.PairErrors;
using StyleFarm.Bench.Shared;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

// bench/pair-errors.sh: each consecutive pair's temporal error after every pass of one shot rendered whole by the
// kernels (no farm), on the farm seam test's clip and weights: where in a shot the multi-pass sweeps leave a jump.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (BenchArguments.Parse("pair-errors", args, PairErrorsOptions.Parse) is not { } options) return BenchArguments.BadUsage;

const string data = "/usr/share/doc/opencv-doc/examples/data/";
const int width = 64, height = 48;
// The seam test's pan (tests/Silo.Tests/Execution/ExecutionMedia.cs): 1.5 px right and 0.5 px down a frame, 4 photo px a pixel.
var photo = ImageFile.Read(data + "fruits.jpg");
var pan = SyntheticSequences.Pan(photo, width, height, options.Frames, 6, 2, scale: 4);
// --shift N: the same path started N frames earlier, so the seam test clip's frame 0 is this clip's frame N.
var sequence = new SyntheticSequence(photo, width, height,
    pan.Cameras.Select(c => c with { OffsetX = c.OffsetX - 6 * options.Shift, OffsetY = c.OffsetY - 2 * options.Shift }).ToArray());
var exact = new GroundTruthOpticalFlow(sequence);
IOpticalFlow flow = options.Flow == "exact" ? exact : OpticalFlowFactory.Create(options.Flow);
// The seam test's pinned weights (EmbeddedFarmTests).
var preset = StylePresets.Preview with
{
    Passes = options.Passes, IterationsPerPass = options.Iterations, ContentWeight = 5, StyleWeight = 1e8, MultiPassTemporalWeight = 500,
    TotalVariationWeight = 1e-4, TemporalFromPass = 2, BlendWeight = 1, RelativeTolerance = null, Seed = 0, LongTermOffsets = [1],
};
var energy = new StyleEnergyOptions();
using var weights = new RandomFeatureWeights(Vgg19Layout.Features, 0, "pair-errors bench");
using var network = new FeatureNetwork(weights, energy.FeatureLayers, CPU);
using var style = StyleTargets.Compute(network, FrameTensors.ToTensor(ImageFile.Read(data + "starry_night.jpg"), CPU), width, height,
    energy.StyleLayers.Select(l => l.Layer), energy.StyleScale);
var folder = Directory.CreateTempSubdirectory("stylefarm-pair-errors-").FullName;
try
{
    new ShotRender(network, style).RenderInto(preset, false, exact.Frames, flow, folder);
    var stored = new FolderSweepFrames(folder);
    Console.WriteLine($"fruits.jpg pan, {options.Frames} frames at {width}×{height} (the pan started {options.Shift} frames earlier), {options.Passes} passes × " +
        $"{options.Iterations} iterations, {options.Flow} flow; pair error: Table 2 with the exact flow, by the pair's earlier frame");
    for (var pass = 1; pass <= options.Passes; pass++)
    {
        var frames = Enumerable.Range(0, options.Frames).Select(i => stored.LoadAsync(pass, i, CancellationToken.None).GetAwaiter().GetResult()).ToList();
        var pairs = Enumerable.Range(0, options.Frames - 1).Select(a => SequenceMetrics.TemporalError(sequence, frames, a, a + 1)).ToList();
        foreach (var f in frames) f.Dispose();
        Console.WriteLine($"pass {pass}: first pair ÷ mean of the others {pairs[0] / pairs.Skip(1).Average():F2}; " +
            string.Join(" ", pairs.Select((e, a) => $"{a}:{e:E1}")));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
return 0;
