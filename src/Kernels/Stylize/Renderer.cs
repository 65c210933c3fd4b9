using System.Text.Json;
using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Torch;
using StyleFarm.Kernels.Video;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// Renders a video on one machine: probe, shots, then each shot stylized by <see cref="ShotStylizer"/>
/// into the workspace (resumable), then the output encoded from the workspace with the input's audio.
/// </summary>
public sealed class Renderer(ModelStore models, Action<string> log)
{
    /// <summary>Frames × passes the render will run, known once the input is probed; for progress bars.</summary>
    public event Action<int>? Planned;

    public async Task RenderAsync(RenderRequest request, IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        var preset = request.Independent ? request.Preset with { Passes = 1, LongTermOffsets = [1] } : request.Preset;
        preset.Validate();
        if (!File.Exists(request.StyleImage)) throw new FileNotFoundException($"style image not found: {request.StyleImage}", request.StyleImage);
        var style = ImageFile.Read(request.StyleImage); // a bad style image fails before minutes of shot detection
        var info = await VideoProbe.ProbeAsync(request.Input, cancellationToken: cancel);
        var end = Math.Min(request.EndFrame ?? info.FrameCount, info.FrameCount);
        if (request.FirstFrame >= end)
            throw new ArgumentException($"{request.Input} has {info.FrameCount} frames: nothing to render from frame {request.FirstFrame}");
        var (width, height) = RenderSize(info, request.Width, request.Height);
        var device = torch.device(request.Device);

        var flow = OpticalFlowFactory.Create(preset.FlowMethod);
        var detection = await new VideoShotDetector(new ShotDetectorOptions(), new DisOpticalFlow())
            .DetectAsync(request.Input, request.FirstFrame, end, cancel);
        var passes = request.Independent ? 1 : preset.Passes;
        Planned?.Invoke((end - request.FirstFrame) * passes);
        log($"{request.Input}: frames {request.FirstFrame}:{end} at {width}x{height}, {detection.Shots.Count} shot(s), preset {preset.Name}" +
            (request.Independent ? ", independent frames" : $", {passes} pass(es), long-term {{{string.Join(",", preset.LongTermOffsets)}}}"));

        manual_seed(preset.Seed);
        using var weights = models.OpenWeights("vgg19", (ulong)preset.Seed);
        if (weights.IsRandom) log($"note: {weights.Description}; using a seeded random-weight VGG-19 (texture synthesis works, artistic quality is lower)");
        var energy = new StyleEnergyOptions { StyleScale = preset.StyleScale };
        using var network = new FeatureNetwork(weights, energy.FeatureLayers, device);
        var styleLayers = energy.StyleLayers.Select(l => l.Layer).ToList();
        using var jobStyle = request.MatchColors ? null : Targets(network, style, width, height, styleLayers, preset.StyleScale, device);

        var workspace = RenderWorkspace.Open(request.WorkspaceFolder, Fingerprint(request, preset, width, height, weights.Description));
        var stylizer = new ShotStylizer(network, preset, request.Independent, flow, device);
        var reader = await VideoReader.OpenAsync(request.Input, SizeOptions(info, width, height), cancel);
        foreach (var shot in detection.Shots)
        {
            var frames = await ReadFrames(reader, shot.FirstFrame, shot.LastFrameExclusive, cancel);
            if (request.MatchColors)
            {
                // DeepMovie §7.1: content moved to the painting's palette, a style image per frame matched back to it.
                var matching = ShotColorMatching.Measure(frames, style);
                var pairs = matching.Frames(frames).ToList();
                var cache = new StyleCache(i => Targets(network, pairs[i].Style, width, height, styleLayers, preset.StyleScale, device));
                using (cache)
                    stylizer.Render(new ShotInput(shot.FirstFrame, pairs.Select(p => p.Content).ToList(), cache.Get), workspace, progress, cancel);
            }
            else stylizer.Render(new ShotInput(shot.FirstFrame, frames, _ => jobStyle!), workspace, progress, cancel);
        }
        await EncodeAsync(request, info, workspace, stylizer.FinalPass, request.FirstFrame, end, device, cancel);
        workspace.Delete();
        log($"{request.Output}: {end - request.FirstFrame} stylized frames");
    }

    private static StyleTargets Targets(FeatureNetwork network, RgbFrame style, int width, int height, IReadOnlyList<string> layers,
        double scale, Device device)
    {
        using var scope = NewDisposeScope();
        return StyleTargets.Compute(network, FrameTensors.ToTensor(style, device), width, height, layers, scale);
    }

    private static async Task EncodeAsync(RenderRequest request, VideoInfo info, RenderWorkspace workspace, int pass, int start, int end,
        Device device, CancellationToken cancel)
    {
        var sequence = request.Output.Contains('%');
        var format = sequence
            ? request.SixteenBit ? OutputFormat.Png16 : OutputFormat.Png8
            : Path.GetExtension(request.Output).ToLowerInvariant() == ".mkv" ? OutputFormat.Ffv1 : OutputFormat.H264;
        if (sequence) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.Output))!);
        var options = new VideoWriterOptions
        {
            Format = format,
            FrameRate = info.FrameRate,
            AudioSource = !sequence && info.AudioStreams.Count > 0 ? request.Input : null,
            AudioOffset = info.FrameRate.DurationOf(start),
            StartNumber = sequence ? start : 0,
        };
        await using var writer = new VideoWriter(request.Output, options);
        for (var frame = start; frame < end; frame++)
        {
            using var image = workspace.Load(pass, frame, device);
            if (format == OutputFormat.Png16) await writer.WriteAsync(FrameTensors.ToFloatFrame(image), cancel);
            else await writer.WriteAsync(FrameTensors.ToFrame(image), cancel);
        }
        await writer.CompleteAsync(cancel);
    }

    private static async Task<List<RgbFrame>> ReadFrames(VideoReader reader, int start, int end, CancellationToken cancel)
    {
        var frames = new List<RgbFrame>(end - start);
        await foreach (var frame in reader.ReadAsync(start, end, cancel)) frames.Add(frame);
        return frames;
    }

    /// <summary>The render size: as asked, the missing side from the aspect ratio, rounded to even numbers for H.264.</summary>
    public static (int Width, int Height) RenderSize(VideoInfo info, int? width, int? height)
    {
        static int Even(double v) => Math.Max(2, (int)Math.Round(v / 2) * 2);
        return (width, height) switch
        {
            (null, null) => (info.Width, info.Height),
            ({ } w, null) => (w, Even(info.Height * (double)w / info.Width)),
            (null, { } h) => (Even(info.Width * (double)h / info.Height), h),
            ({ } w, { } h) => (w, h),
        };
    }

    private static VideoReaderOptions? SizeOptions(VideoInfo info, int width, int height) =>
        width == info.Width && height == info.Height ? null : new VideoReaderOptions { Width = width, Height = height };

    private static string Fingerprint(RenderRequest request, StylePreset preset, int width, int height, string weights) =>
        JsonSerializer.Serialize(new
        {
            input = Path.GetFullPath(request.Input),
            style = Path.GetFullPath(request.StyleImage),
            preset = JsonSerializer.Serialize(preset),
            request.Independent,
            request.FirstFrame,
            request.EndFrame,
            width,
            height,
            request.MatchColors,
            request.Device,
            weights,
        });

    /// <summary>Per-frame style targets, one alive at a time (frames are stylized in order).</summary>
    private sealed class StyleCache(Func<int, StyleTargets> make) : IDisposable
    {
        private (int Index, StyleTargets Targets)? _current;

        public StyleTargets Get(int index)
        {
            if (_current is { } c && c.Index == index) return c.Targets;
            _current?.Targets.Dispose();
            _current = (index, make(index));
            return _current.Value.Targets;
        }

        public void Dispose() => _current?.Targets.Dispose();
    }
}
