using System.CommandLine;
using System.Text.Json;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Commands;

/// <summary>`stylefarm status [JOB] [--json]`: one job's state and progress, or every job of the farm.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("job") { Description = "the job id; leave it out to list every job", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "print the API's JSON (id, state, framesDone, framesTotal, seamRatio, …)" };
        var server = new ServerOptions();
        var command = new Command("status", "Show a job's state and progress, or list the jobs") { job, json };
        server.AddTo(command);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            using var client = server.Client(parse);
            if (parse.GetValue(job) is { } id)
            {
                var view = await client.GetAsync(JobId.Parse(id), cancel);
                Console.WriteLine(parse.GetValue(json) ? JobText.Json(view) : JobText.Text(view));
                return 0;
            }
            var jobs = await client.ListAsync(cancel);
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(jobs, ApiJsonContext.Default.IReadOnlyListJobSummary) : JobText.List(jobs));
            return 0;
        }));
        return command;
    }
}
