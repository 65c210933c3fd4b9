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
        var shared = new TrainingCliOptions();
        var output = new Option<string>("--output", "-o") { Description = "the model file to write (safetensors)", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "checkpoint file (default: MODEL.checkpoint); a run resumes from it" };
        var cache = new Option<string?>("--cache") { Description = "where prepared footage tuples are kept (default $XDG_CACHE_HOME/stylefarm/training)" };
        var device = new Option<string>("--device") { Description = "cpu or cuda:N", DefaultValueFactory = _ => "cpu" };
        var models = new Option<string?>("--models") { Description = "the model folder (default: $STYLEFARM_HOME/models)" };
        var command = new Command("train", "Train a video stylization network (Ruder et al. sec. 5) on this machine");
        shared.AddTo(command);
        foreach (var option in new Option[] { output, checkpoint, cache, device, models })
            command.Options.Add(option);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var options = shared.OptionsOf(parse);
            var request = new TrainingRequest
            {
                StyleImage = parse.GetValue(shared.Style)!,
                DataFolders = parse.GetValue(shared.Data)!,
                Output = Path.GetFullPath(parse.GetValue(output)!),
                Checkpoint = parse.GetValue(checkpoint) is { } c ? Path.GetFullPath(c) : null,
                CheckpointEvery = parse.GetValue(shared.CheckpointEvery),
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
