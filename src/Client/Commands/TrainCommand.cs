using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm train --style IMG --data DIR… -o MODEL`: trains Ruder et al.'s video network (sec. 5.2) on this machine:
/// two-frame, mixed and multi-frame training on synthetic sequences from the still images and on tuples of the videos
/// in the data folders, with a progress bar of the loss terms and a checkpoint every N iterations, from which the same
/// command resumes after a kill (with the same result as an uninterrupted run). Defaults are the paper's
/// (<see cref="TrainingOptions"/>); without installed VGG-16 weights the loss uses a seeded random network and says so.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var loss = new NetworkLossOptions();
        var style = new Option<string>("--style") { Description = "the style image (a painting)", Required = true };
        var data = new Option<string[]>("--data") { Description = "folders of still images (synthetic sequences) and videos (real footage), searched recursively", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--output", "-o") { Description = "the model file to write (safetensors)", Required = true };
        var iterations = new Option<int>("--iterations") { Description = $"Adam iterations (default {defaults.Iterations}, the paper's; Table 1's frame schedule scales with it)", DefaultValueFactory = _ => defaults.Iterations };
        var size = new Option<int>("--size") { Description = $"side of the square training frames (default {defaults.ImageSize})", DefaultValueFactory = _ => defaults.ImageSize };
        var batch = new Option<int>("--batch") { Description = $"samples per iteration (default {defaults.BatchSize})", DefaultValueFactory = _ => defaults.BatchSize };
        var rate = new Option<double>("--learning-rate") { Description = $"Adam's learning rate (default {defaults.LearningRate})", DefaultValueFactory = _ => defaults.LearningRate };
        var twoFrame = new Option<bool>("--two-frame") { Description = "two-frame training only (eq. 17), no multi-frame schedule (eq. 19)" };
        var noMixed = new Option<bool>("--no-mixed") { Description = "no empty-prior samples (mixed training, eq. 18, is on by default)" };
        var temporal = new Option<double?>("--temporal-weight") { Description = $"temporal weight (default {NetworkLossOptions.MixedTemporalWeight} with mixed training, {NetworkLossOptions.PlainTemporalWeight} without)" };
        var content = new Option<double>("--content-weight") { Description = $"content weight (default {loss.ContentWeight})", DefaultValueFactory = _ => loss.ContentWeight };
        var styleWeight = new Option<double>("--style-weight") { Description = $"style weight (default {loss.StyleWeight})", DefaultValueFactory = _ => loss.StyleWeight };
        var tv = new Option<double>("--tv-weight") { Description = $"total-variation weight (default {loss.TotalVariationWeight})", DefaultValueFactory = _ => loss.TotalVariationWeight };
        var shift = new Option<double?>("--max-shift") { Description = "synthetic sequences: largest move and zoom-out per frame, in pixels (default 32 at 256-px frames, scaled with --size)" };
        var channels = new Option<int>("--channels") { Description = $"first layer's channels (default {defaults.Architecture.Channels})", DefaultValueFactory = _ => defaults.Architecture.Channels };
        var blocks = new Option<int>("--residual-blocks") { Description = $"residual blocks (default {defaults.Architecture.ResidualBlocks})", DefaultValueFactory = _ => defaults.Architecture.ResidualBlocks };
        var flow = new Option<string>("--flow") { Description = "optical flow of real footage: dis or deepflow", DefaultValueFactory = _ => defaults.FlowMethod };
        var seed = new Option<ulong>("--seed") { Description = "seed of the initial weights, data order and draws", DefaultValueFactory = _ => defaults.Seed };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "checkpoint file (default: MODEL.checkpoint); a run resumes from it" };
        var every = new Option<int>("--checkpoint-every") { Description = "iterations between checkpoints (default 1000)", DefaultValueFactory = _ => 1000 };
        var cache = new Option<string?>("--cache") { Description = "where prepared footage tuples are kept (default $XDG_CACHE_HOME/stylefarm/training)" };
        var device = new Option<string>("--device") { Description = "cpu or cuda:N", DefaultValueFactory = _ => "cpu" };
        var models = new Option<string?>("--models") { Description = "the model folder (default: $STYLEFARM_HOME/models)" };
        var command = new Command("train", "Train a video stylization network (Ruder et al. sec. 5) on this machine");
        foreach (var option in new Option[] { style, data, output, iterations, size, batch, rate, twoFrame, noMixed, temporal, content, styleWeight, tv, shift,
                     channels, blocks, flow, seed, checkpoint, every, cache, device, models })
            command.Options.Add(option);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var imageSize = parse.GetValue(size);
            var mixed = !parse.GetValue(noMixed);
            var motion = parse.GetValue(shift) ?? defaults.SyntheticMaxShift * imageSize / 256.0;
            var options = new TrainingOptions
            {
                Iterations = parse.GetValue(iterations),
                ImageSize = imageSize,
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate),
                Mixed = mixed,
                MultiFrame = !parse.GetValue(twoFrame),
                SyntheticMaxShift = motion,
                SyntheticMaxZoomOut = motion,
                FlowMethod = parse.GetValue(flow)!,
                Seed = parse.GetValue(seed),
                Architecture = new NetworkArchitecture { Channels = parse.GetValue(channels), ResidualBlocks = parse.GetValue(blocks) },
                Loss = loss with
                {
                    ContentWeight = parse.GetValue(content),
                    StyleWeight = parse.GetValue(styleWeight),
                    TotalVariationWeight = parse.GetValue(tv),
                    TemporalWeight = parse.GetValue(temporal) ?? (mixed ? NetworkLossOptions.MixedTemporalWeight : NetworkLossOptions.PlainTemporalWeight),
                },
            };
            var request = new TrainingRequest
            {
                StyleImage = parse.GetValue(style)!,
                DataFolders = parse.GetValue(data)!,
                Output = Path.GetFullPath(parse.GetValue(output)!),
                Checkpoint = parse.GetValue(checkpoint) is { } c ? Path.GetFullPath(c) : null,
                CheckpointEvery = parse.GetValue(every),
                CacheFolder = parse.GetValue(cache) ?? DefaultCache(Environment.GetEnvironmentVariable),
                Options = options,
            };
            using var http = new HttpClient();
            var store = ModelsCommand.Open(parse.GetValue(models), http);
            if (store.TryGet("vgg16") is null)
                Console.WriteLine("note: no vgg16 weights installed (run `stylefarm models install vgg16 PATH|URL`); using a seeded random-weight VGG-16 (texture synthesis works, artistic quality is lower)");
            using var weights = store.OpenWeights("vgg16", options.Seed);
            var header = await TrainWithProgress(request, weights, new TorchSharp.torch.Device(parse.GetValue(device)!), cancel);
            var curve = header.LossCurve;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{request.Output}: {header.IterationsTrained} iterations; loss {curve[0].Total:G4} (first {Math.Max(1, curve[0].Iteration)}) → {curve[^1].Total:G4} (last {curve[^1].Iteration - (curve.Count > 1 ? curve[^2].Iteration : 0)})"));
            return 0;
        }));
        return command;
    }

    /// <summary>The default cache of prepared footage: $XDG_CACHE_HOME/stylefarm/training, else ~/.cache/stylefarm/training.</summary>
    public static string DefaultCache(Func<string, string?> environment)
    {
        var root = environment("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root)) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "stylefarm", "training");
    }

    private static async Task<NetworkModelHeader> TrainWithProgress(TrainingRequest request, Kernels.Models.IFeatureWeights weights,
        TorchSharp.torch.Device device, CancellationToken cancel)
    {
        NetworkModelHeader? header = null;
        try
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("train", maxValue: request.Options.Iterations);
                    var progress = new Progress(value =>
                    {
                        bar.Value = value.Iteration;
                        bar.Description = string.Create(CultureInfo.InvariantCulture,
                            $"it {value.Iteration}/{value.Iterations} {value.Frames} frames loss {value.Total:G3} (content {value.Content:G3} style {value.Style:G3} temporal {value.Temporal:G3} tv {value.TotalVariation:G2}) {value.Seconds:F2} s/it");
                    });
                    // Through the live display on a terminal; as plain lines otherwise (Spectre wraps redirected output at
                    // 80 columns, which would cut a line such as "resuming from PATH after iteration N" in two).
                    var log = new Log(line =>
                    {
                        if (Console.IsOutputRedirected) Console.WriteLine(line);
                        else AnsiConsole.MarkupLine(Markup.Escape(line));
                    });
                    // Training is one long compute loop: off the console's thread, with its own dispose scopes.
                    header = await Task.Run(() => TrainingRun.RunAsync(request, weights, device, progress, log, cancel), cancel);
                });
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"stylefarm: training stopped; {request.CheckpointPath} keeps it: run the same command to resume");
            throw;
        }
        return header!;
    }

    // Synchronous reporters: the bar reads the latest value, so no report needs to wait for a thread-pool turn.
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private sealed class Log(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
