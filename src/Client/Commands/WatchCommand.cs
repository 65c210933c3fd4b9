using System.CommandLine;
using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm watch JOB`: the job's history as it happens and its progress (pass, frames, ETA at the measured rate; a
/// training job's iteration, loss terms, iterations/s and ETA, and its stored model once done),
/// driven by the events long poll: a live bar on a terminal, plain lines into a pipe. Rides out an API that goes away
/// for up to <see cref="WatchOptions.ReconnectFor"/>. Exits when the job ends: 0 when it succeeded, 1 when it failed or
/// was cancelled, saying what to do next.
/// </summary>
public static class WatchCommand
{
    // A minute: within the API's longest long poll (ApiOptions.MaxLongPollTimeout, 120 s by default), and still a live view.
    private const int MaxRefreshSeconds = 60;

    public static Command Create()
    {
        var job = JobArgument.Create();
        var server = new ServerOptions();
        var refresh = new Option<int>("--refresh")
        {
            Description = $"the most seconds between two progress refreshes while no event comes, 1 … {MaxRefreshSeconds} (default {(int)new WatchOptions().Refresh.TotalSeconds})",
            DefaultValueFactory = _ => (int)new WatchOptions().Refresh.TotalSeconds,
        };
        var command = new Command("watch", "Follow a job until it ends, with its progress and ETA") { job, refresh };
        server.AddTo(command);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var id = JobId.Parse(parse.GetValue(job)!);
            using var client = server.Client(parse);
            var seconds = parse.GetValue(refresh);
            if (seconds is < 1 or > MaxRefreshSeconds) throw new ArgumentException($"--refresh {seconds} is out of range: give whole seconds 1 … {MaxRefreshSeconds}");
            var follower = new JobFollower(client, id, new WatchOptions { Refresh = TimeSpan.FromSeconds(seconds) }, TimeProvider.System);
            var view = Console.IsOutputRedirected
                ? await follower.FollowAsync(new PlainWatchView(Console.Out, Console.Error), cancel)
                : await FollowOnTerminalAsync(follower, cancel);
            switch (view.State)
            {
                case JobState.Succeeded when view.Training?.Model is { } model:
                    Console.WriteLine($"job {view.Id} succeeded: model {model} (render with: stylefarm submit --method network --model {model})");
                    return 0;
                case JobState.Succeeded:
                    Console.WriteLine($"job {view.Id} succeeded: {JobText.Redacted(view).Output}");
                    return 0;
                case JobState.Failed:
                    Console.Error.WriteLine(JobText.Failure(view));
                    return CommandErrors.Failed;
                default:
                    Console.Error.WriteLine($"stylefarm: job {view.Id} was cancelled. Resume it with `stylefarm resume {view.Id}`");
                    return CommandErrors.Failed;
            }
        }));
        return command;
    }

    private static async Task<JobView> FollowOnTerminalAsync(JobFollower follower, CancellationToken cancellationToken)
    {
        JobView? last = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("connecting", maxValue: 1);
                last = await follower.FollowAsync(new TerminalWatchView(bar), cancellationToken);
            });
        return last!;
    }
}
