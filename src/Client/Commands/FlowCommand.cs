using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm flow A.png B.png -o out.flo` for one pair of images, or `stylefarm flow VIDEO -o DIR`
/// for every consecutive pair of a video's frames.
/// </summary>
public static class FlowCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "two images (flow from the first to the second), or one video",
            Arity = new ArgumentArity(1, 2),
        };
        var output = new Option<string>("--output", "-o") { Description = "the .flo file (two images) or the output folder (video)", Required = true };
        var method = new Option<string>("--method") { Description = $"flow algorithm: {string.Join(", ", OpticalFlowFactory.Names)}", DefaultValueFactory = _ => "dis" };
        var viz = new Option<string?>("--viz") { Description = "also write a colour-coded picture (two images: .png) or video (video: .mp4)" };
        var backward = new Option<bool>("--backward") { Description = "video: also write the backward flows (frame i+1 → i)" };
        var frames = new Option<string?>("--frames") { Description = "video: the frame range A:B to use (default: all)" };
        var command = new Command("flow", "Compute optical flow between two images or along a video")
        {
            inputs, output, method, viz, backward, frames,
        };
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var paths = parse.GetValue(inputs)!;
            var algorithm = OpticalFlowFactory.Create(parse.GetValue(method)!);
            var range = parse.GetValue(frames) is { } text ? FrameRange.Parse(text) : FrameRange.All;
            return paths.Length == 2
                ? Pair(paths[0], paths[1], parse.GetValue(output)!, algorithm, parse.GetValue(viz))
                : await VideoFlow.RunAsync(paths[0], parse.GetValue(output)!, algorithm, parse.GetValue(backward), range, parse.GetValue(viz), cancel);
        }));
        return command;
    }

    private static int Pair(string from, string to, string output, IOpticalFlow algorithm, string? viz)
    {
        var a = ImageFile.Read(from);
        var b = ImageFile.Read(to);
        var flow = algorithm.Compute(a, b);
        FloFile.Write(output, flow);
        if (viz is not null) ImageFile.Write(viz, FlowVisualization.ToColor(flow));
        Console.WriteLine($"{output}: {flow.Width}x{flow.Height} flow ({algorithm.Name}), largest motion {FlowVisualization.LargestMagnitude(flow):F2} px");
        return 0;
    }
}
