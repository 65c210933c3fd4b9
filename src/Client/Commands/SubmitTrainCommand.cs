using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm submit --train --style IMG --data DIR… -o MODEL-NAME|URL --server URL`: sends a training run to a farm as a job
/// of one train task on one GPU silo (--cpu lets any silo take it) and prints the job id. Takes `train`'s settings (one
/// definition, <see cref="TrainingCliOptions"/>). The model goes to the farm's artifact store; `status JOB` then names it
/// as job:JOB/NAME, which `submit --method network --model` takes. Relative paths are made absolute in the current folder.
/// </summary>
public static class SubmitTrainCommand
{
    /// <summary>Whether <paramref name="args"/> is a `submit --train` command line (Program sends it here, not to render's submit).</summary>
    public static bool Matches(IReadOnlyList<string> args) => args.Count > 0 && args[0] == "submit" && args.Contains("--train");

    public static Command Create()
    {
        var train = new Option<bool>("--train") { Description = "train a network as a farm job instead of rendering", Required = true };
        var shared = new TrainingCliOptions();
        var output = new Option<string>("--output", "-o") { Description = "the model's name in the farm's artifact store (style.safetensors) or a URL whose last segment names it", Required = true };
        var cpu = new Option<bool>("--cpu") { Description = "let a silo without a GPU train (default: a GPU silo only)" };
        var json = new Option<bool>("--json") { Description = "print the job as JSON instead of its id" };
        var server = new ServerOptions();
        var command = new Command("submit", "Send a training run to a farm (submit --train)") { train };
        shared.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(cpu);
        command.Options.Add(json);
        server.AddTo(command);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var folders = parse.GetValue(shared.Data)!.Select(d => JobPreflight.Normalize(d, Environment.CurrentDirectory)).ToList();
            var spec = new JobSpec
            {
                Input = folders.FirstOrDefault() ?? "",
                StyleImages = [JobPreflight.Normalize(parse.GetValue(shared.Style)!, Environment.CurrentDirectory)],
                Preset = "train",
                Output = parse.GetValue(output)!,
                RequireGpu = !parse.GetValue(cpu),
                Training = new TrainingJob
                {
                    DataFolders = folders,
                    Options = TrainingJobOptions.ToJson(shared.OptionsOf(parse)),
                    CheckpointEvery = parse.GetValue(shared.CheckpointEvery),
                },
            };
            using var client = server.Client(parse);
            var job = await client.SubmitAsync(spec, cancel);
            Console.WriteLine(parse.GetValue(json) ? JobText.Json(job) : job.Id);
            return 0;
        }));
        return command;
    }
}
