using System.CommandLine;
using StyleFarm.Client.Cli;

namespace StyleFarm.Client.Tests;

/// <summary>The stylization options render and submit share: one parse, two uses (a preset for render, a job spec for submit).</summary>
public sealed class RenderOptionsTests
{
    private static (RenderOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new RenderOptions();
        var command = new Command("test") { new Argument<string>("input") };
        options.AddTo(command);
        var parse = command.Parse(["/in.mp4", "--style", "/s.png", "-o", "/o.mp4", .. args]);
        Assert.Empty(parse.Errors);
        return (options, parse);
    }

    [Fact]
    public void SubmitTakesThePresetsPassesOffsetsAndFlowAndSendsNothingElseWhenNoOptionIsGiven()
    {
        var (options, parse) = Parse();

        var spec = options.JobSpecOf(parse, "/in.mp4", 24, 4);

        Assert.Equal(("/in.mp4", "/o.mp4", "balanced", 1, "deepflow"), (spec.Input, spec.Output, spec.Preset, spec.Passes, spec.FlowMethod));
        Assert.Equal(["/s.png"], spec.StyleImages);
        Assert.Equal([1, 10], spec.LongTermOffsets);
        Assert.Empty(spec.Parameters);
        Assert.Equal((24, 4), (spec.SegmentLength, spec.Halo));
    }

    [Fact]
    public void SubmitSendsEveryGivenOptionAsTheParameterTheExecutorsRead()
    {
        var (options, parse) = Parse("--preset", "preview", "--passes", "3", "--iterations", "7", "--first-frame-iterations", "11", "--long-term", "1,5",
            "--temporal-weight", "250.5", "--content-weight", "2", "--style-weight", "1e7", "--tv-weight", "0.001", "--style-scale", "0.5",
            "--temporal-from-pass", "2", "--flow", "dis", "--tolerance", "0", "--seed", "42", "--width", "128", "--height", "64", "--bit-depth", "16");

        var spec = options.JobSpecOf(parse, "/in.mp4", 12, 3);

        Assert.Equal(("preview", 3, "dis"), (spec.Preset, spec.Passes, spec.FlowMethod));
        Assert.Equal([1, 5], spec.LongTermOffsets);
        Assert.Equal(new Dictionary<string, string>
        {
            ["bit_depth"] = "16", ["content_weight"] = "2", ["first_frame_iterations"] = "11", ["height"] = "64", ["iterations"] = "7",
            ["seed"] = "42", ["style_scale"] = "0.5", ["style_weight"] = "10000000", ["temporal_from_pass"] = "2", ["temporal_weight"] = "250.5",
            ["tolerance"] = "0", ["tv_weight"] = "0.001", ["width"] = "128",
        }, spec.Parameters);
    }

    [Fact]
    public void RenderAppliesTheSameOptionsToThePreset()
    {
        var (options, parse) = Parse("--preset", "preview", "--iterations", "7", "--temporal-weight", "250.5", "--tolerance", "0", "--long-term", "1,5");

        var preset = options.PresetOf(parse);

        Assert.Equal(("preview", 7, 7, 7), (preset.Name, preset.FrameIterations, preset.IterationsPerPass, preset.FirstFrameIterations));
        Assert.Equal((250.5, 250.5, (double?)null), (preset.TemporalWeight, preset.MultiPassTemporalWeight, preset.RelativeTolerance));
        Assert.Equal([1, 5], preset.LongTermOffsets);
    }

    [Fact]
    public void ABadOffsetListIsRefusedByBoth()
    {
        var (options, parse) = Parse("--long-term", "1,x");

        Assert.Equal("--long-term '1,x': 'x' is not a frame offset ≥ 1", Assert.Throws<ArgumentException>(() => options.JobSpecOf(parse, "/in.mp4", 24, 4)).Message);
        Assert.Equal("--long-term '1,x': 'x' is not a frame offset ≥ 1", Assert.Throws<ArgumentException>(() => options.PresetOf(parse)).Message);
    }
}
