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
        var shared = new RenderOptions();
        var independent = new Option<bool>("--independent") { Description = "the baseline: every frame on its own, noise init, no temporal term, first-frame iterations each" };
        var frames = new Option<string?>("--frames") { Description = "the input frames A:B to render (default: all)" };
        var device = new Option<string>("--device") { Description = "cpu or cuda:N", DefaultValueFactory = _ => "cpu" };
        var matchColors = new Option<bool>("--match-colors") { Description = "match the style's colour histogram to each shot and frame (DeepMovie §7.1)" };
        var workspace = new Option<string?>("--workspace") { Description = "where finished frames wait (default: a hidden folder beside the output)" };
        var models = new Option<string?>("--models") { Description = "the model folder (default: $STYLEFARM_HOME/models)" };
        var command = new Command("render", "Stylize a video on this machine") { input };
        shared.AddTo(command);
        foreach (var option in new Option[] { independent, frames, device, matchColors, workspace, models }) command.Options.Add(option);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var overridden = shared.PresetOf(parse);
            var range = parse.GetValue(frames) is { } text ? FrameRange.Parse(text) : FrameRange.All;
            var depth = shared.BitDepthOf(parse);
            var request = new RenderRequest(parse.GetValue(input)!, parse.GetValue(shared.Style)!, parse.GetValue(shared.Output)!, overridden,
                parse.GetValue(independent), parse.GetValue(shared.Width), parse.GetValue(shared.Height), range.Start, range.End,
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

    /// <summary>Synchronous progress: reports arrive on the rendering thread, in order.</summary>
    private sealed class Progress(Action<RenderProgress> report) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value) => report(value);
    }
}
