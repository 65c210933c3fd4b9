using System.CommandLine;
using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm render INPUT --style IMG -o OUTPUT`: stylizes a video or image sequence on this machine.
/// Stopped renders (Ctrl-C, kill) resume from the last finished frame when the same command runs again.
/// </summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "a video file or an image-sequence pattern such as frames/%05d.png" };
        var style = new Option<string>("--style") { Description = "the style image (a painting)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "a video (.mp4: H.264, .mkv: lossless) or an image-sequence pattern (out/%05d.png)", Required = true };
        var preset = new Option<string>("--preset") { Description = "paper, balanced or preview (see the README's table)", DefaultValueFactory = _ => "balanced" };
        var passes = new Option<int?>("--passes") { Description = "passes over each shot: 1 is sequential; more alternate forward/backward (§4)" };
        var iterations = new Option<int?>("--iterations") { Description = "L-BFGS iterations per frame (and per pass of a multi-pass render)" };
        var firstIterations = new Option<int?>("--first-frame-iterations") { Description = "L-BFGS iterations of a shot's first frame" };
        var longTerm = new Option<string?>("--long-term") { Description = "long-term offsets J, e.g. 1,10,20,40 (eq. 11-12); 1 is short-term only" };
        var temporalWeight = new Option<double?>("--temporal-weight") { Description = "temporal loss weight (single pass; also the multi-pass weight when given)" };
        var coherenceWeight = new Option<double?>("--coherence-weight") { Description = "weight of the coherence term on frames whose flow fails (Wang et al.)" };
        var contentWeight = new Option<double?>("--content-weight") { Description = "content loss weight" };
        var styleWeight = new Option<double?>("--style-weight") { Description = "style loss weight" };
        var tvWeight = new Option<double?>("--tv-weight") { Description = "total-variation weight" };
        var styleScale = new Option<double?>("--style-scale") { Description = "style image area relative to the frame's" };
        var temporalFrom = new Option<int?>("--temporal-from-pass") { Description = "multi-pass: first pass with the temporal loss" };
        var flow = new Option<string?>("--flow") { Description = "optical flow: dis or deepflow" };
        var tolerance = new Option<double?>("--tolerance") { Description = "stop a frame when the loss changes by less than this fraction over the window (0 disables)" };
        var seed = new Option<long?>("--seed") { Description = "seed of noise and of the random-weight network" };
        var independent = new Option<bool>("--independent") { Description = "the baseline: every frame on its own, noise init, no temporal term, first-frame iterations each" };
        var width = new Option<int?>("--width") { Description = "render width (height follows the aspect ratio unless given)" };
        var height = new Option<int?>("--height") { Description = "render height" };
        var frames = new Option<string?>("--frames") { Description = "the input frames A:B to render (default: all)" };
        var device = new Option<string>("--device") { Description = "cpu or cuda:N", DefaultValueFactory = _ => "cpu" };
        var matchColors = new Option<bool>("--match-colors") { Description = "match the style's colour histogram to each shot and frame (DeepMovie §7.1)" };
        var workspace = new Option<string?>("--workspace") { Description = "where finished frames wait (default: a hidden folder beside the output)" };
        var bitDepth = new Option<int>("--bit-depth") { Description = "image-sequence output: 8 or 16 bits per channel", DefaultValueFactory = _ => 8 };
        var models = new Option<string?>("--models") { Description = "the model folder (default: $STYLEFARM_HOME/models)" };
        var command = new Command("render", "Stylize a video on this machine")
        {
            input, style, output, preset, passes, iterations, firstIterations, longTerm, temporalWeight, coherenceWeight, contentWeight, styleWeight,
            tvWeight, styleScale, temporalFrom, flow, tolerance, seed, independent, width, height, frames, device, matchColors,
            workspace, bitDepth, models,
        };
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var chosen = StylePresets.Get(parse.GetValue(preset)!);
            var overridden = chosen with
            {
                Passes = parse.GetValue(passes) ?? chosen.Passes,
                FrameIterations = parse.GetValue(iterations) ?? chosen.FrameIterations,
                IterationsPerPass = parse.GetValue(iterations) ?? chosen.IterationsPerPass,
                FirstFrameIterations = parse.GetValue(firstIterations) ?? parse.GetValue(iterations) ?? chosen.FirstFrameIterations,
                LongTermOffsets = parse.GetValue(longTerm) is { } j ? ParseOffsets(j) : chosen.LongTermOffsets,
                TemporalWeight = parse.GetValue(temporalWeight) ?? chosen.TemporalWeight,
                MultiPassTemporalWeight = parse.GetValue(temporalWeight) ?? chosen.MultiPassTemporalWeight,
                CoherenceWeight = parse.GetValue(coherenceWeight) ?? chosen.CoherenceWeight,
                ContentWeight = parse.GetValue(contentWeight) ?? chosen.ContentWeight,
                StyleWeight = parse.GetValue(styleWeight) ?? chosen.StyleWeight,
                TotalVariationWeight = parse.GetValue(tvWeight) ?? chosen.TotalVariationWeight,
                StyleScale = parse.GetValue(styleScale) ?? chosen.StyleScale,
                TemporalFromPass = parse.GetValue(temporalFrom) ?? chosen.TemporalFromPass,
                FlowMethod = parse.GetValue(flow) ?? chosen.FlowMethod,
                RelativeTolerance = parse.GetValue(tolerance) is { } t ? (t == 0 ? null : t) : chosen.RelativeTolerance,
                Seed = parse.GetValue(seed) ?? chosen.Seed,
            };
            var range = parse.GetValue(frames) is { } text ? FrameRange.Parse(text) : FrameRange.All;
            var depth = parse.GetValue(bitDepth);
            if (depth is not (8 or 16)) throw new ArgumentException($"--bit-depth {depth}: use 8 or 16");
            var request = new RenderRequest(parse.GetValue(input)!, parse.GetValue(style)!, parse.GetValue(output)!, overridden,
                parse.GetValue(independent), parse.GetValue(width), parse.GetValue(height), range.Start, range.End,
                parse.GetValue(device)!, parse.GetValue(matchColors), parse.GetValue(workspace), depth == 16);
            using var http = new HttpClient();
            await RenderWithProgress(new Renderer(ModelsCommand.Open(parse.GetValue(models), http), Console.WriteLine), request, cancel);
            return 0;
        }));
        return command;
    }

    private static async Task RenderWithProgress(Renderer renderer, RenderRequest request, CancellationToken cancel)
    {
        var total = 0;
        renderer.Planned += frames => total = frames;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask? bar = null;
                var progress = new Progress(value =>
                {
                    bar ??= context.AddTask("render", maxValue: Math.Max(total, 1));
                    var loss = double.IsNaN(value.Loss) ? "resumed" : $"loss {value.Loss:G4}";
                    bar.Description = $"frame {value.Frame} pass {value.Pass}/{value.Passes} it {value.Iteration}/{value.MaxIterations} {loss}";
                    if (value.FrameFinished) bar.Increment(1);
                });
                await renderer.RenderAsync(request, progress, cancel);
            });
    }

    private static IReadOnlyList<int> ParseOffsets(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Select(p => int.TryParse(p, out var j) && j >= 1
            ? j
            : throw new ArgumentException($"--long-term '{text}': '{p}' is not a frame offset ≥ 1")).ToArray();
    }

    /// <summary>Synchronous progress: reports arrive on the rendering thread, in order.</summary>
    private sealed class Progress(Action<RenderProgress> report) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value) => report(value);
    }
}
