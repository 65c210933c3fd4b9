using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StyleFarm.Bench.Style;

/// <summary>
/// The PyTorch reference (style_ref.py --serve) kept running for one size: each <see cref="Evaluate"/> asks
/// it for one timed evaluation, so the bench can alternate its evaluations with ours under the same load.
/// </summary>
internal sealed class ReferenceServer : IDisposable
{
    private readonly Process _process;

    public ReferenceServer(BenchOptions options, int width, int height, bool networkOnly)
    {
        var start = ReferenceScript.StartInfo(options);
        foreach (var arg in new[] { "--serve", "--sizes", $"{width}x{height}" }) start.ArgumentList.Add(arg);
        if (networkOnly) start.ArgumentList.Add("--network-only");
        start.RedirectStandardInput = true;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.Python}");
        var ready = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"{options.Script} --serve ended before it was ready: {_process.StandardError.ReadToEnd()}");
        using var json = JsonDocument.Parse(ready);
        Torch = json.RootElement.GetProperty("torch").GetString() ?? "?";
    }

    /// <summary>The reference's torch version.</summary>
    public string Torch { get; }

    /// <summary>Runs one evaluation there; returns its wall and CPU milliseconds as the script measured them.</summary>
    public Sample Evaluate()
    {
        _process.StandardInput.WriteLine("run");
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"the reference stopped: {_process.StandardError.ReadToEnd()}");
        var parts = line.Split(' ');
        return new Sample(double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
