using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Planning;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm submit INPUT --style IMG -o OUTPUT --server URL`: sends a render to a farm and prints the
/// job id. Takes render's stylization options (one definition, <see cref="RenderOptions"/>) plus the
/// farm's cut: --segment-length and --halo. Paths must be readable by the farm's silos.
/// </summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "the video or image sequence, as the silos see it (a shared path or a blob URI)" };
        var shared = new RenderOptions();
        var server = new ServerOptions();
        var segmentLength = new Option<int>("--segment-length") { Description = $"frames per segment L (default {SegmentPlannerOptions.DefaultSegmentLength})", DefaultValueFactory = _ => SegmentPlannerOptions.DefaultSegmentLength };
        var halo = new Option<int>("--halo") { Description = $"halo frames h on each side of a segment (default {SegmentPlannerOptions.DefaultHalo})", DefaultValueFactory = _ => SegmentPlannerOptions.DefaultHalo };
        var json = new Option<bool>("--json") { Description = "print the job as JSON instead of its id" };
        var command = new Command("submit", "Send a render to a farm") { input };
        shared.AddTo(command);
        server.AddTo(command);
        command.Options.Add(segmentLength);
        command.Options.Add(halo);
        command.Options.Add(json);
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var spec = shared.JobSpecOf(parse, parse.GetValue(input)!, parse.GetValue(segmentLength), parse.GetValue(halo));
            using var client = server.Client(parse);
            var job = await client.SubmitAsync(spec, cancel);
            Console.WriteLine(parse.GetValue(json) ? JobText.Json(job) : job.Id);
            return 0;
        }));
        return command;
    }
}
