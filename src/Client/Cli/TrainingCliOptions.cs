using System.CommandLine;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;

namespace StyleFarm.Client.Cli;

/// <summary>
/// The training settings `stylefarm train` and `stylefarm submit --train` both take (one definition: the same
/// <see cref="TrainingOptions"/> from the same command line), with the paper's defaults (<see cref="TrainingOptions"/>,
/// <see cref="NetworkLossOptions"/>) and a checkpoint every 1000 iterations.
/// </summary>
public sealed class TrainingCliOptions
{
    private static readonly TrainingOptions Defaults = new();
    private static readonly NetworkLossOptions Loss = new();

    public Option<string> Style { get; } = new("--style") { Description = "the style image (a painting)", Required = true };
    public Option<string[]> Data { get; } = new("--data") { Description = "folders of still images (synthetic sequences) and videos (real footage), searched recursively", Required = true, AllowMultipleArgumentsPerToken = true };
    public Option<int> Iterations { get; } = new("--iterations") { Description = $"Adam iterations (default {Defaults.Iterations}, the paper's; Table 1's frame schedule scales with it)", DefaultValueFactory = _ => Defaults.Iterations };
    public Option<int> Size { get; } = new("--size") { Description = $"side of the square training frames (default {Defaults.ImageSize})", DefaultValueFactory = _ => Defaults.ImageSize };
    public Option<int> Batch { get; } = new("--batch") { Description = $"samples per iteration (default {Defaults.BatchSize})", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<double> Rate { get; } = new("--learning-rate") { Description = $"Adam's learning rate (default {Defaults.LearningRate})", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<bool> TwoFrame { get; } = new("--two-frame") { Description = "two-frame training only (eq. 17), no multi-frame schedule (eq. 19)" };
    public Option<bool> NoMixed { get; } = new("--no-mixed") { Description = "no empty-prior samples (mixed training, eq. 18, is on by default)" };
    public Option<double?> Temporal { get; } = new("--temporal-weight") { Description = $"temporal weight (default {NetworkLossOptions.MixedTemporalWeight} with mixed training, {NetworkLossOptions.PlainTemporalWeight} without)" };
    public Option<double> Content { get; } = new("--content-weight") { Description = $"content weight (default {Loss.ContentWeight})", DefaultValueFactory = _ => Loss.ContentWeight };
    public Option<double> StyleWeight { get; } = new("--style-weight") { Description = $"style weight (default {Loss.StyleWeight})", DefaultValueFactory = _ => Loss.StyleWeight };
    public Option<double> Tv { get; } = new("--tv-weight") { Description = $"total-variation weight (default {Loss.TotalVariationWeight})", DefaultValueFactory = _ => Loss.TotalVariationWeight };
    public Option<double?> Shift { get; } = new("--max-shift") { Description = "synthetic sequences: largest move and zoom-out per frame, in pixels (default 32 at 256-px frames, scaled with --size)" };
    public Option<int> Channels { get; } = new("--channels") { Description = $"first layer's channels (default {Defaults.Architecture.Channels})", DefaultValueFactory = _ => Defaults.Architecture.Channels };
    public Option<int> Blocks { get; } = new("--residual-blocks") { Description = $"residual blocks (default {Defaults.Architecture.ResidualBlocks})", DefaultValueFactory = _ => Defaults.Architecture.ResidualBlocks };
    public Option<string> Flow { get; } = new("--flow") { Description = "optical flow of real footage: dis or deepflow", DefaultValueFactory = _ => Defaults.FlowMethod };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "seed of the initial weights, data order and draws", DefaultValueFactory = _ => Defaults.Seed };
    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "iterations between checkpoints (default 1000)", DefaultValueFactory = _ => 1000 };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Style, Data, Iterations, Size, Batch, Rate, TwoFrame, NoMixed, Temporal, Content, StyleWeight, Tv, Shift,
                     Channels, Blocks, Flow, Seed, CheckpointEvery })
            command.Options.Add(option);
    }

    /// <summary>The training settings the command line asks for (not yet validated).</summary>
    public TrainingOptions OptionsOf(ParseResult parse)
    {
        var imageSize = parse.GetValue(Size);
        var mixed = !parse.GetValue(NoMixed);
        var motion = parse.GetValue(Shift) ?? Defaults.SyntheticMaxShift * imageSize / 256.0;
        return new TrainingOptions
        {
            Iterations = parse.GetValue(Iterations),
            ImageSize = imageSize,
            BatchSize = parse.GetValue(Batch),
            LearningRate = parse.GetValue(Rate),
            Mixed = mixed,
            MultiFrame = !parse.GetValue(TwoFrame),
            SyntheticMaxShift = motion,
            SyntheticMaxZoomOut = motion,
            FlowMethod = parse.GetValue(Flow)!,
            Seed = parse.GetValue(Seed),
            Architecture = new NetworkArchitecture { Channels = parse.GetValue(Channels), ResidualBlocks = parse.GetValue(Blocks) },
            Loss = Loss with
            {
                ContentWeight = parse.GetValue(Content),
                StyleWeight = parse.GetValue(StyleWeight),
                TotalVariationWeight = parse.GetValue(Tv),
                TemporalWeight = parse.GetValue(Temporal) ?? (mixed ? NetworkLossOptions.MixedTemporalWeight : NetworkLossOptions.PlainTemporalWeight),
            },
        };
    }
}
