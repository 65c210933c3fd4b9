using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Bench.Quality;

/// <summary>
/// The seam ratio the farm itself reports (ALGORITHMS.md §8: temporal error across segment boundaries ÷ inside them):
/// a synthetic pan rendered by `stylefarm render` with its shot cut into segments, which runs the farm's planner, task
/// graph and stylize tasks on the embedded farm, and prints the ratio its encode task measured.
/// </summary>
internal sealed partial class SeamFigures(string root, string folder)
{
    /// <summary>Writes <paramref name="sequence"/>'s frames as PNGs (the input of every render here), into <paramref name="dump"/> when given so they can be rendered again by hand.</summary>
    public string WriteInput(SyntheticSequence sequence, string? dump)
    {
        var frames = Path.Combine(dump ?? folder, $"seam-input-{sequence.Count}");
        Directory.CreateDirectory(frames);
        for (var t = 0; t < sequence.Count; t++) ImageFile.Write(Path.Combine(frames, $"{t:D5}.png"), sequence.Frame(t));
        return Path.Combine(frames, "%05d.png");
    }

    /// <summary>
    /// The farm's seam ratio for <paramref name="input"/> rendered with these options (null when the render had no seam), the
    /// objective evaluations the render's optimizers made, and its wall time.
    /// </summary>
    public (double? Ratio, long Evaluations, double Seconds) Measure(string input, string preset, int passes, int? segmentLength, int halo, int? iterations)
    {
        var clock = Stopwatch.StartNew();
        var (stdout, output, arguments) = Run(input, preset, passes, segmentLength, halo, iterations);
        Directory.Delete(output, recursive: true);
        var match = SeamLine().Match(stdout);
        var ratio = !match.Success ? (double?)null
            : match.Groups[1].Value == "∞" ? double.PositiveInfinity
            : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var evaluations = EvaluationLine().Match(stdout) is { Success: true } counted
            ? long.Parse(counted.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"stylefarm {string.Join(' ', arguments)} printed no objective-evaluation count: {stdout.Trim()}");
        return (ratio, evaluations, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The same render, its output kept: the folder of its frames (00000.png, …), which the caller deletes.</summary>
    public string Render(string input, string preset, int passes, int? segmentLength, int halo, int? iterations) =>
        Run(input, preset, passes, segmentLength, halo, iterations).Output;

    private (string Stdout, string Output, List<string> Arguments) Run(string input, string preset, int passes, int? segmentLength, int halo, int? iterations)
    {
        var output = Path.Combine(folder, $"out-{Guid.NewGuid():N}");
        var arguments = new List<string> { "render", input, "--style", "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg", "-o", Path.Combine(output, "%05d.png"),
            "--preset", preset, "--passes", passes.ToString(CultureInfo.InvariantCulture) };
        if (segmentLength is { } l) arguments.AddRange(["--segment-length", l.ToString(CultureInfo.InvariantCulture), "--halo", halo.ToString(CultureInfo.InvariantCulture)]);
        if (iterations is { } n) arguments.AddRange(["--iterations", n.ToString(CultureInfo.InvariantCulture)]);
        var start = new ProcessStartInfo(Path.Combine(root, "stylefarm")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start stylefarm");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"stylefarm {string.Join(' ', arguments)} failed: {stderr.Result.Trim()}");
        return (stdout, output, arguments);
    }

    [GeneratedRegex(@"seams: seam error ([0-9.]+|∞)")]
    private static partial Regex SeamLine();

    [GeneratedRegex(@"objective evaluations: ([0-9]+)")]
    private static partial Regex EvaluationLine();
}
