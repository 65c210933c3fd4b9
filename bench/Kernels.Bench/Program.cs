using System.Diagnostics;
using System.Globalization;
using StyleFarm.Bench;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using TorchSharp;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

// Kernel benchmark: ms per op of our binding beside Debian's python3-torch / python3-opencv doing the
// same op with the same thread count, in the same command. Prints medians and ratios; never fails on time.
var options = BenchOptions.Parse(args);
set_num_threads(options.Threads);
var frames = Directory.CreateTempSubdirectory("stylefarm-bench-").FullName;
try
{
    var ours = new Dictionary<string, double>();
    foreach (var (w, h) in options.Sizes)
    {
        var reps = w * h <= 256 * 144 ? options.Repeats : Math.Max(2, options.Repeats / 2);
        var device = torch.device(options.Device);
        ours[$"conv2d_fwd_bwd@{w}x{h}"] = MedianTiming.Ms(Ops.Conv(w, h, options.Channels, device), reps);
        ours[$"grid_sample@{w}x{h}"] = MedianTiming.Ms(Ops.GridSample(w, h, device), reps);
        if (!options.TorchOnly)
        {
            var pair = await DemoFrames.ReadPairAsync(w, h, frames);
            ours[$"flow_dis@{w}x{h}"] = MedianTiming.Ms(Ops.Flow(new DisOpticalFlow(), pair), reps);
            ours[$"flow_deepflow@{w}x{h}"] = MedianTiming.Ms(Ops.Flow(new DeepFlowOpticalFlow(), pair), Math.Max(2, reps / 2));
        }
    }
    var reference = Reference.Run(options, frames);
    Console.WriteLine($"device {options.Device}, threads {options.Threads}, conv {options.Channels}->{options.Channels} 3x3, medians of {options.Repeats} (large sizes: fewer)");
    Console.WriteLine($"{"op",-28} {"ours ms",10} {"reference ms",13} {"ours/ref",9}");
    foreach (var (op, ms) in ours)
    {
        var refMs = reference.TryGetValue(op, out var r) ? r : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{op,-28} {ms,10:F2} {refMs,13:F2} {ms / refMs,9:F2}"));
    }
}
finally
{
    Directory.Delete(frames, recursive: true);
}

/// <summary>Command-line settings of the bench.</summary>
internal sealed record BenchOptions(int Threads, (int W, int H)[] Sizes, int Channels, int Repeats, string Python, string Device, bool TorchOnly)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var sizes = Get("--sizes", "256x144,1024x436").Split(',')
            .Select(s => s.Split('x')).Select(p => (int.Parse(p[0]), int.Parse(p[1]))).ToArray();
        return new BenchOptions(int.Parse(Get("--threads", Environment.ProcessorCount.ToString())), sizes,
            int.Parse(Get("--channels", "64")), int.Parse(Get("--repeats", "5")), Get("--python", "/usr/bin/python3"),
            Get("--device", "cpu"), args.Contains("--torch-only"));
    }
}

/// <summary>Two consecutive frames of the demo video at a given size, also saved raw for the reference.</summary>
internal static class DemoFrames
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static async Task<(RgbFrame A, RgbFrame B)> ReadPairAsync(int width, int height, string folder)
    {
        var reader = await VideoReader.OpenAsync(Video, new VideoReaderOptions { Width = width, Height = height });
        var frames = new List<RgbFrame>();
        await foreach (var frame in reader.ReadAsync(100, 102)) frames.Add(frame);
        for (var i = 0; i < 2; i++) File.WriteAllBytes(Path.Combine(folder, $"frame_{width}x{height}_{i}.rgb"), frames[i].Pixels);
        return (frames[0], frames[1]);
    }
}

/// <summary>The timed operations, each a closure run repeatedly.</summary>
internal static class Ops
{
    public static Action Conv(int w, int h, int channels, Device device)
    {
        manual_seed(0);
        var x = randn([1, channels, h, w], device: device, requires_grad: true);
        var weight = randn([channels, channels, 3, 3], device: device, requires_grad: true);
        return () =>
        {
            using var scope = NewDisposeScope();
            x.grad = null;
            weight.grad = null;
            nn.functional.conv2d(x, weight, padding: [1, 1]).sum().backward();
            weight.grad!.sum().item<float>(); // waits for the device, as the reference does
        };
    }

    public static Action GridSample(int w, int h, Device device)
    {
        manual_seed(0);
        var image = rand([1, 3, h, w], device: device);
        var xs = linspace(-1, 1, w, device: device).view(1, w).expand(h, w);
        var ys = linspace(-1, 1, h, device: device).view(h, 1).expand(h, w);
        var grid = stack([xs + 0.01f, ys - 0.02f], -1).unsqueeze(0);
        return () =>
        {
            using var scope = NewDisposeScope();
            nn.functional.grid_sample(image, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: true)
                .sum().item<float>(); // waits for the device, as the reference does
        };
    }

    public static Action Flow(IOpticalFlow flow, (RgbFrame A, RgbFrame B) pair) => () => flow.Compute(pair.A, pair.B);
}

/// <summary>Runs bench/reference/kernels_ref.py with the same settings and reads its JSON.</summary>
internal static class Reference
{
    public static Dictionary<string, double> Run(BenchOptions options, string frames)
    {
        var script = Path.Combine(RepoRoot(), "bench", "reference", "kernels_ref.py");
        var info = new ProcessStartInfo(options.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "--threads", options.Threads.ToString(), "--channels", options.Channels.ToString(),
                     "--device", options.Device, options.TorchOnly ? "--torch-only" : "--all-ops",
                     "--repeats", options.Repeats.ToString(), "--frames", frames,
                     "--sizes", string.Join(",", options.Sizes.Select(s => $"{s.W}x{s.H}")) })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {options.Python}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"reference run failed ({options.Python} {script}): {stderr.Trim()}");
            return [];
        }
        // One "op milliseconds" pair a line: plain text keeps the trimmed GPU build free of reflection.
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the bench from a StyleFarm checkout (Cluster.sln not found above the program)");
    }
}
