using System.CommandLine;
using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm watch JOB`: the job's history as it happens and a live progress bar of its tasks, driven
/// by the events long poll. Exits when the job ends: 0 when it succeeded, 1 when it failed or was cancelled.
/// </summary>
public static class WatchCommand
{
    // A long poll answers at once on a new event; between events this is how often the bar's task count refreshes.
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var job = JobArgument.Create();
        var server = new ServerOptions();
        var command = new Command("watch", "Follow a job until it ends, with a progress bar") { job };
        server.AddTo(command);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            using var client = server.Client(parse);
            var id = JobId.Parse(parse.GetValue(job)!);
            var view = await client.GetAsync(id, cancel);
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask(Describe(view), maxValue: Math.Max(view.TasksTotal, 1));
                    long after = 0;
                    while (true)
                    {
                        var page = await client.EventsAsync(id, after, Refresh, cancel);
                        foreach (var e in page.Events)
                            AnsiConsole.MarkupLineInterpolated($"[grey]{e.At.ToLocalTime():HH:mm:ss}[/] {e.State}: {e.Message}");
                        after = page.Last;
                        view = await client.GetAsync(id, cancel);
                        bar.MaxValue = Math.Max(view.TasksTotal, 1);
                        bar.Value = view.TasksDone;
                        bar.Description = Describe(view);
                        if (!JobStateMachine.Active.Contains(view.State)) return;
                    }
                });
            switch (view.State)
            {
                case JobState.Succeeded:
                    Console.WriteLine($"job {view.Id} succeeded: {view.Output}");
                    return 0;
                case JobState.Failed:
                    Console.Error.WriteLine($"stylefarm: job {view.Id} failed: {view.Error}. Retry with `stylefarm retry-failed {view.Id}`");
                    return CommandErrors.Failed;
                default:
                    Console.Error.WriteLine($"stylefarm: job {view.Id} was cancelled. Resume it with `stylefarm resume {view.Id}`");
                    return CommandErrors.Failed;
            }
        }));
        return command;
    }

    private static string Describe(JobView job) =>
        Markup.Escape(job.FramesTotal is { } total ? $"{job.State} frames {job.FramesDone}/{total}" : $"{job.State}");
}
