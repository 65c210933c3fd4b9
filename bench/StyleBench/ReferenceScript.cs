using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StyleFarm.Bench.Style;

/// <summary>Runs bench/reference/style_ref.py (PyTorch) once: one checked evaluation.</summary>
internal static class ReferenceScript
{
    /// <summary>The reference's loss and flattened gradient for the weights and inputs in two safetensors files.</summary>
    public static (double Loss, double[] Gradient) Check(BenchOptions options, string weights, string inputs)
    {
        var start = StartInfo(options);
        foreach (var arg in new[] { "--check", weights, inputs }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{options.Python} {options.Script} exited with {process.ExitCode}: {stderr.Result}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        return (root.GetProperty("loss").GetDouble(), root.GetProperty("grad").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    /// <summary>python3 style_ref.py --threads N, with redirected output, ready for more arguments.</summary>
    public static ProcessStartInfo StartInfo(BenchOptions options)
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
        // One libtorch thread count, set by the script itself: keep OpenMP from overriding it.
        start.Environment.Remove("OMP_NUM_THREADS");
        return start;
    }
}
