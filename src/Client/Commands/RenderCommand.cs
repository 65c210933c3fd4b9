using System.CommandLine;
using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm render INPUT --style IMG -o OUTPUT`: stylizes a video or image sequence on this machine by
/// running the job `submit` would send (the same options, <see cref="RenderOptions"/>) on the farm's code in
/// this process (<see cref="LocalRender"/>). Shots are kept whole unless --segment-length is given. Stopped
/// renders (Ctrl-C, kill) resume from their committed frames when the same command runs again.
/// </summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "a video file or an image-sequence pattern such as frames/%05d.png" };
        var shared = new RenderOptions(SegmentPlannerOptions.WholeShot);
        var device = new Option<string>("--device") { Description = "cpu or cuda:N", DefaultValueFactory = _ => "cpu" };
        var workspace = new Option<string?>("--workspace") { Description = "where the job and its finished frames wait (default: a hidden folder beside the output)" };
        var models = new Option<string?>("--models") { Description = "the model folder (default: $STYLEFARM_HOME/models)" };
        var command = new Command("render", "Stylize a video on this machine") { input };
        shared.AddTo(command);
        foreach (var option in new Option[] { device, workspace, models }) command.Options.Add(option);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var spec = Local(shared.JobSpecOf(parse, parse.GetValue(input)!));
            using var http = new HttpClient();
            var render = new LocalRender(parse.GetValue(workspace) is { } folder ? Path.GetFullPath(folder) : LocalRender.DefaultWorkspace(spec.Output),
                ModelsCommand.Open(parse.GetValue(models), http), parse.GetValue(device)!, Console.WriteLine, Console.Error.WriteLine);
            await RenderWithProgress(render, spec, cancel);
            return 0;
        }));
        return command;
    }

    // The job is run (and found again to resume) from any folder: its paths are made absolute once, file:// URIs become paths.
    // The output on one machine is the user's own file: a second run replaces it, as the README's first command expects.
    private static JobSpec Local(JobSpec spec) => JobPreflight.Normalize(spec, Environment.CurrentDirectory) with { Overwrite = true };

    private static async Task RenderWithProgress(LocalRender render, JobSpec spec, CancellationToken cancel)
    {
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask? bar = null;
                render.Planned += (total, done) =>
                {
                    bar = context.AddTask("render", maxValue: Math.Max(total, 1));
                    bar.Value = done;
                };
                render.Progress += value =>
                {
                    if (bar is null) return;
                    var loss = double.IsNaN(value.Loss) ? "resumed" : $"loss {value.Loss:G4}";
                    // A network job's frames are one forward pass each: no iterations, no loss.
                    bar.Description = spec.Method == StylizationMethod.Network
                        ? $"frame {value.Frame} network{(double.IsNaN(value.Loss) ? " resumed" : "")}"
                        : $"frame {value.Frame} pass {value.Pass}/{value.Passes} it {value.Iteration}/{value.MaxIterations} {loss}";
                    if (value.FrameFinished) bar.Increment(1);
                };
                await render.RunAsync(spec, cancel);
            });
    }
}
