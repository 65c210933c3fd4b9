using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Temporal;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm consistency CHECKED.flo OTHER.flo -o weights.pgm`: the consistency weights of the first
/// flow on its source frame's pixels, as the reference checker writes them (255 reliable, 0 not).
/// </summary>
public static class ConsistencyCommand
{
    public static Command Create()
    {
        var checkedFlow = new Argument<string>("checked") { Description = "the flow whose weights are wanted (frame B → A), .flo" };
        var otherFlow = new Argument<string>("other") { Description = "the opposite flow (frame A → B), .flo" };
        var output = new Option<string>("--output", "-o") { Description = "the weights, an 8-bit binary PGM", Required = true };
        var command = new Command("consistency", "Consistency weights of a flow (disocclusions, motion boundaries, leaving the image)")
        {
            checkedFlow, otherFlow, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var checkedField = FloFile.Read(parse.GetValue(checkedFlow)!);
            var otherField = FloFile.Read(parse.GetValue(otherFlow)!);
            var weights = ConsistencyMap.Compute(checkedField, otherField, ConsistencyOptions.Paper);
            var gray = weights.Select(w => (byte)Math.Round(Math.Clamp(w, 0f, 1f) * 255f)).ToArray();
            PgmFile.Write(parse.GetValue(output)!, checkedField.Width, checkedField.Height, gray);
            var reliable = weights.Count(w => w >= 0.5f) * 100.0 / weights.Length;
            Console.WriteLine($"{parse.GetValue(output)}: {checkedField.Width}x{checkedField.Height} weights, {reliable:F1}% reliable");
            return 0;
        }));
        return command;
    }
}
