using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm submit INPUT --style IMG -o OUTPUT --server URL`: sends a render to a farm and prints the
/// job id. Takes render's options (one definition, <see cref="RenderOptions"/>: the same job spec), with
/// the farm's cut as the default: --segment-length 24 and --halo 4. Relative paths are made absolute in the current folder; they must be readable by the farm's silos.
/// </summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "the video or image sequence, as the silos see it (a shared path, or an http(s) URL such as a blob's SAS URL)" };
        var shared = new RenderOptions();
        var server = new ServerOptions();
        var json = new Option<bool>("--json") { Description = "print the job as JSON instead of its id" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace the output if it already exists (default: refuse it)" };
        var command = new Command("submit", "Send a render to a farm (with --train: a training run, see `submit --train --help`)") { input };
        shared.AddTo(command);
        server.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(overwrite);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            // Relative paths mean the user's folder, not the silo's: made absolute here, file:// URIs become paths.
            var spec = JobPreflight.Normalize(shared.JobSpecOf(parse, parse.GetValue(input)!), Environment.CurrentDirectory) with { Overwrite = parse.GetValue(overwrite) };
            using var client = server.Client(parse);
            var job = await client.SubmitAsync(spec, cancel);
            Console.WriteLine(parse.GetValue(json) ? JobText.Json(job) : job.Id);
            return 0;
        }));
        return command;
    }
}
