using System.CommandLine;
using StyleFarm.Client.Api;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Commands;

/// <summary>`stylefarm cancel JOB`, `resume JOB` and `retry-failed JOB`: a user's action on a job; prints its state afterwards.</summary>
public static class JobActionCommands
{
    public static Command Cancel() =>
        Create("cancel", "Stop a job (its finished work is kept; resume it later)", (client, id, ct) => client.CancelAsync(id, ct));

    public static Command Resume() =>
        Create("resume", "Resume a failed or cancelled job from the work already done", (client, id, ct) => client.ResumeAsync(id, ct));

    public static Command RetryFailed() =>
        Create("retry-failed", "Retry a failed job's failed tasks", (client, id, ct) => client.RetryFailedAsync(id, ct));

    private static Command Create(string name, string description, Func<StyleFarmClient, JobId, CancellationToken, Task<JobView>> act)
    {
        var job = JobArgument.Create();
        var json = new Option<bool>("--json") { Description = "print the job as JSON afterwards" };
        var server = new ServerOptions();
        var command = new Command(name, description) { job, json };
        server.AddTo(command);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            using var client = server.Client(parse);
            var view = await act(client, JobId.Parse(parse.GetValue(job)!), cancel);
            Console.WriteLine(parse.GetValue(json) ? JobText.Json(view) : $"job {view.Id}: {view.State}");
            return 0;
        }));
        return command;
    }
}
