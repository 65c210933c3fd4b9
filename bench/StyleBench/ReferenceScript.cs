using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StyleFarm.Bench.Style;

/// <summary>Runs bench/reference/style_ref.py (PyTorch): timings for one size, or one checked evaluation.</summary>
internal static class ReferenceScript
{
    public static (double MedianMs, string Torch) Run(BenchOptions options, int width, int height, bool networkOnly)
    {
        List<string> args =
        [
            "--repeats", options.Repeats.ToString(CultureInfo.InvariantCulture),
            "--warmup", options.Warmup.ToString(CultureInfo.InvariantCulture), "--sizes", $"{width}x{height}",
        ];
        if (networkOnly) args.Add("--network-only");
        using var json = JsonDocument.Parse(Execute(options, args));
        var root = json.RootElement;
        var median = root.GetProperty("results").GetProperty($"{width}x{height}").GetProperty("median_ms").GetDouble();
        return (median, root.GetProperty("torch").GetString() ?? "?");
    }

    /// <summary>The reference's loss and flattened gradient for the weights and inputs in two safetensors files.</summary>
    public static (double Loss, double[] Gradient) Check(BenchOptions options, string weights, string inputs)
    {
        using var json = JsonDocument.Parse(Execute(options, ["--check", weights, inputs]));
        var root = json.RootElement;
        return (root.GetProperty("loss").GetDouble(), root.GetProperty("grad").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    private static string Execute(BenchOptions options, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(options.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.Script);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(options.Threads.ToString(CultureInfo.InvariantCulture));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // One libtorch thread count, set by the script itself: keep OpenMP from overriding it.
        start.Environment.Remove("OMP_NUM_THREADS");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{options.Python} {options.Script} exited with {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
