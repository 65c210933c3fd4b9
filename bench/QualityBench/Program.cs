using System.Globalization;
using StyleFarm.Bench.Quality;
using StyleFarm.Bench.Shared;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

// bench/quality.sh: the output-quality figures of each preset in one table (options: QualityOptions.cs).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (BenchArguments.Parse("quality", args, QualityOptions.Parse) is not { } options) return BenchArguments.BadUsage;

const string data = "/usr/share/doc/opencv-doc/examples/data/";
var photo = ImageFile.Read(data + "fruits.jpg");
// A still photo panned right and down and zoomed out a little every frame: new content enters at the right and
// bottom edges of every frame, and every earlier frame's border lies inside the later ones.
var sequence = SyntheticSequences.PanZoom(photo, options.Width, options.Height, options.Frames, 6, 4, 4, scale: 2);
var flow = new GroundTruthOpticalFlow(sequence);
var energy = new StyleEnergyOptions();
using var weights = new RandomFeatureWeights(Vgg19Layout.Features, 0, "quality bench");
using var network = new FeatureNetwork(weights, energy.FeatureLayers, CPU);
using var style = StyleTargets.Compute(network, FrameTensors.ToTensor(ImageFile.Read(data + "starry_night.jpg"), CPU), options.Width, options.Height,
    energy.StyleLayers.Select(l => l.Layer), energy.StyleScale);
var render = new ShotRender(network, style);
if (options.Dump is { } dumpFolder)
{
    Directory.CreateDirectory(dumpFolder);
    for (var t = 0; t < flow.Frames.Count; t++) ImageFile.Write(Path.Combine(dumpFolder, $"input-{t:D3}.png"), flow.Frames[t]);
}

if (options.FrameLosses) return PrintFrameLosses();

Console.WriteLine($"StyleFarm output quality: fruits.jpg panned (6, 4) and zoomed out by 4 photo px a frame at 2 photo px per pixel, {options.Frames} frames at {options.Width}×{options.Height}, " +
    "exact flow, starry_night.jpg, seeded random-weight VGG-19, CPU");
Console.WriteLine("temporal error: Table 2 (mean over consecutive pairs, exact flow and visibility); ratio = consistent ÷ independent (target ≤ 0.3)");
Console.WriteLine("E_grad: eq. 23 along earlier frames' borders, 2-px band (1.0 invisible; target ≤ 1.2); content/style: per-frame terms ÷ independent's (Table 5)");
Console.WriteLine();
if (options.Exact) Console.WriteLine("| preset | mode | temporal consistent | temporal independent | ratio | E_grad | E_grad independent | content ÷ indep. | style ÷ indep. | evaluations consistent | evaluations independent | s consistent | s independent |");
if (options.Exact) Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var name in options.Exact ? options.Presets : [])
{
    var preset = StylePresets.Get(name);
    var independent = ExactFlowFigures.Measure(render, preset, true, sequence, flow, options.Dump, $"{name}-independent");
    var modes = new List<(string Mode, StylePreset Preset)> { ("one pass", preset) };
    if (options.Passes > 1) modes.Add(($"{options.Passes} passes", preset with { Passes = options.Passes }));
    foreach (var (mode, variant) in modes)
    {
        var consistent = ExactFlowFigures.Measure(render, variant, false, sequence, flow, options.Dump, $"{name}-{mode.Replace(' ', '-')}");
        Console.WriteLine($"| {name} | {mode} | {consistent.TemporalError:E2} | {independent.TemporalError:E2} | {consistent.TemporalError / independent.TemporalError:F3} | " +
            $"{consistent.BorderGradient:F2} | {independent.BorderGradient:F2} | {consistent.Content / independent.Content:F2} | {consistent.Style / independent.Style:F2} | " +
            $"{consistent.Evaluations} | {independent.Evaluations} | {consistent.Seconds:F0} | {independent.Seconds:F0} |");
    }
}
if (!options.Seams) return 0;

// The farm's own seam ratio: one shot cut into 3 and 8 segments of L frames with halo h, on a pan at the seam size.
var root = RepositoryRoot();
var work = Directory.CreateTempSubdirectory("stylefarm-quality-seams-").FullName;
try
{
    var seams = new SeamFigures(root, work);
    var inputs = options.SeamSegments.ToDictionary(n => n, n => seams.WriteInput(
        SyntheticSequences.PanZoom(photo, options.SeamWidth, options.SeamHeight, n * options.SegmentLength, 4, 2, 2, scale: 2), options.Dump));
    Console.WriteLine();
    Console.WriteLine($"seam ratio (the farm's own: `stylefarm render` with the shot cut into segments of L = {options.SegmentLength}, h = {options.Halo}; " +
        $"fruits.jpg panned at {options.SeamWidth}×{options.SeamHeight}; 1.0 is invisible, target ≤ 1.05)");
    Console.WriteLine();
    Console.WriteLine($"| preset | job | iterations | {string.Join(" | ", options.SeamSegments.Select(n => $"{n} segments"))} | " +
        $"evaluations ({string.Join(" / ", options.SeamSegments)}) | s ({string.Join(" + ", options.SeamSegments)}) |");
    Console.WriteLine($"|---|---|---|{string.Concat(options.SeamSegments.Select(_ => "---|"))}---|---|");
    string Figure(double? r) => r is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "no seam";
    foreach (var name in options.Presets)
    {
        var preset = StylePresets.Get(name);
        var rows = new List<(string Job, int Passes, int? Length, int? Iterations, string Label)>();
        if (options.OnePassSeams)
        {
            rows.Add(("one pass, default plan", 1, null, null, $"{preset.FrameIterations}/frame"));
            rows.Add(($"one pass, --segment-length {options.SegmentLength}", 1, options.SegmentLength, null, $"{preset.FrameIterations}/frame"));
        }
        if (options.Passes > 1 && options.MultiPassSeams)
            rows.AddRange(options.SeamIterations.Select(n => ($"{options.Passes} passes", options.Passes, (int?)options.SegmentLength, (int?)n, $"{n}/pass")));
        foreach (var (job, passes, length, iterations, label) in rows)
        {
            var measured = options.SeamSegments.Select(n => seams.Measure(inputs[n], name, passes, length, options.Halo, iterations)).ToList();
            Console.WriteLine($"| {name} | {job} | {label} | {string.Join(" | ", measured.Select(m => Figure(m.Ratio)))} | " +
                $"{string.Join(" / ", measured.Select(m => m.Evaluations))} | {measured.Sum(m => m.Seconds):F0} |");
        }
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
return 0;

// --frame-losses: each frame's style and content term along the seam rows' shots (FrameLosses.cs).
int PrintFrameLosses()
{
    using var seamStyle = StyleTargets.Compute(network, FrameTensors.ToTensor(ImageFile.Read(data + "starry_night.jpg"), CPU), options.SeamWidth, options.SeamHeight,
        energy.StyleLayers.Select(l => l.Layer), energy.StyleScale);
    var folder = Directory.CreateTempSubdirectory("stylefarm-quality-frames-").FullName;
    try
    {
        var losses = new FrameLosses(new ShotRender(network, seamStyle), new SeamFigures(RepositoryRoot(), folder));
        foreach (var segments in options.SeamSegments)
        {
            var shot = SyntheticSequences.PanZoom(photo, options.SeamWidth, options.SeamHeight, segments * options.SegmentLength, 4, 2, 2, scale: 2);
            var input = new SeamFigures(RepositoryRoot(), folder).WriteInput(shot, null);
            foreach (var name in options.Presets)
            foreach (var iterations in options.SeamIterations)
                losses.Print(StylePresets.Get(name), Math.Max(2, options.Passes), iterations, shot, input, options.SegmentLength, options.Halo, options.Dump);
        }
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
    return 0;
}

// The checkout this program was built from: the folder above its output that holds the `stylefarm` launcher.
static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "stylefarm")) && Directory.Exists(Path.Combine(dir.FullName, "src"))) return dir.FullName;
    throw new InvalidOperationException($"no StyleFarm checkout above {AppContext.BaseDirectory}: run bench/quality.sh from one");
}
