using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Client.Commands;

/// <summary>`stylefarm tasks JOB [--state S] [--json]`: a job's tasks (GET /api/jobs/{id}/tasks) as a table or the API's JSON.</summary>
public static class TasksCommand
{
    public static Command Create()
    {
        var job = JobArgument.Create();
        var state = new Option<string?>("--state")
        {
            Description = $"only tasks in this state: {string.Join(", ", Enum.GetNames<TaskState>().Select(n => n.ToLowerInvariant()))}",
        };
        var json = new Option<bool>("--json") { Description = "print the API's JSON (key, kind, shot, segment, pass, state, silo, attempts, startedAt, updatedAt, lastError, …)" };
        var server = new ServerOptions();
        var command = new Command("tasks", "List a job's tasks: kind, shot/segment/pass, state, silo, attempts, duration, error") { job, state, json };
        server.AddTo(command);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var wanted = parse.GetValue(state) is { } s ? ParseState(s) : (TaskState?)null;
            var id = JobId.Parse(parse.GetValue(job)!);
            using var client = server.Client(parse);
            var tasks = (await client.TasksAsync(id, cancel)).Where(t => wanted is null || t.State == wanted).ToList();
            Console.WriteLine(parse.GetValue(json) ? TaskTable.Json(tasks) : TaskTable.Text(tasks, DateTimeOffset.UtcNow));
            return 0;
        }));
        return command;
    }

    private static TaskState ParseState(string text) =>
        Enum.TryParse<TaskState>(text, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(text, out _)
            ? state
            : throw new ArgumentException($"--state '{text}' is not a task state: use one of {string.Join(", ", Enum.GetNames<TaskState>().Select(n => n.ToLowerInvariant()))}");
}
