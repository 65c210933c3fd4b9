using System.Globalization;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Quality;

/// <summary>
/// How stylized each frame of a shot ends up (--frame-losses): the weighted style and content terms of every frame after
/// each pass of the shot kept whole (<see cref="ShotRender"/>, exact flow), and of the farm's output when the shot is cut
/// into segments (`stylefarm render`, its last pass only), with the first segment's mean style term ÷ the shot's median: a
/// shot's start that lags behind the rest shows there as a ratio well above 1 (issue 8).
/// </summary>
internal sealed class FrameLosses(ShotRender render, SeamFigures farm)
{
    /// <summary>Prints the per-frame table of <paramref name="preset"/> at <paramref name="iterations"/> per pass on <paramref name="sequence"/>.</summary>
    public void Print(StylePreset preset, int passes, int iterations, SyntheticSequence sequence, string input, int segmentLength, int halo, string? dump)
    {
        var flow = new GroundTruthOpticalFlow(sequence);
        var variant = preset with { Passes = passes, IterationsPerPass = iterations };
        var folder = Directory.CreateTempSubdirectory("stylefarm-frame-losses-").FullName;
        try
        {
            var last = render.RenderInto(variant, false, flow.Frames, flow, folder);
            var stored = new FolderSweepFrames(folder);
            var whole = Enumerable.Range(1, last).Select(pass => Enumerable.Range(0, sequence.Count).Select(t =>
            {
                using var x = stored.LoadAsync(pass, t, CancellationToken.None).GetAwaiter().GetResult();
                return render.Measure(variant, flow.Frames[t], x);
            }).ToList()).ToList();
            var output = farm.Render(input, preset.Name, passes, segmentLength, halo, iterations);
            var cut = Enumerable.Range(0, sequence.Count).Select(t =>
            {
                using var x = FrameTensors.ToTensor(ImageFile.Read(string.Format(CultureInfo.InvariantCulture, "{0}/{1:D5}.png", output, t)), CPU);
                return render.Measure(variant, flow.Frames[t], x);
            }).ToList();
            if (dump is not null) CopyFrames(output, dump, $"frames-{sequence.Count}-{preset.Name}-{iterations}");
            Directory.Delete(output, recursive: true);
            Console.WriteLine();
            Console.WriteLine($"{preset.Name}, {passes} passes × {iterations} iterations, {sequence.Count} frames: style term per frame (content term in brackets); " +
                $"whole shot after each pass, then the farm's output with segments of L = {segmentLength}, h = {halo}");
            Console.WriteLine($"| frame | {string.Join(" | ", Enumerable.Range(1, last).Select(p => $"whole, pass {p}"))} | farm, last pass |");
            Console.WriteLine($"|---|{string.Concat(Enumerable.Range(1, last).Select(_ => "---|"))}---|");
            for (var t = 0; t < sequence.Count; t++)
                Console.WriteLine($"| {t} | {string.Join(" | ", whole.Select(p => Cell(p[t])))} | {Cell(cut[t])} |");
            Console.WriteLine($"first segment's style ÷ the shot's median: whole {Lag(whole[^1], segmentLength):F2}, farm {Lag(cut, segmentLength):F2}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The mean style term of the first <paramref name="length"/> frames ÷ the median of all frames'.</summary>
    public static double Lag(IReadOnlyList<Kernels.Style.FrameEnergyTerms> frames, int length)
    {
        var sorted = frames.Select(f => f.Style).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return frames.Take(length).Average(f => f.Style) / median;
    }

    private static string Cell(Kernels.Style.FrameEnergyTerms terms) => $"{terms.Style:F3} ({terms.Content:F3})";

    private static void CopyFrames(string from, string dump, string prefix)
    {
        Directory.CreateDirectory(dump);
        foreach (var file in Directory.GetFiles(from, "*.png")) File.Copy(file, Path.Combine(dump, $"{prefix}-{Path.GetFileName(file)}"), overwrite: true);
    }
}
