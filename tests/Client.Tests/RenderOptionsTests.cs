using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Tests;

/// <summary>The options render and submit share: one parse into one job spec, which render runs here and submit sends to a farm.</summary>
public sealed class RenderOptionsTests
{
    private static (RenderOptions Options, ParseResult Parse) Parse(params string[] args) => Parse(new RenderOptions(), args);

    private static (RenderOptions Options, ParseResult Parse) Parse(RenderOptions options, params string[] args)
    {
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

        var spec = options.JobSpecOf(parse, "/in.mp4");

        Assert.Equal(("/in.mp4", "/o.mp4", "balanced", 1, "deepflow"), (spec.Input, spec.Output, spec.Preset, spec.Passes, spec.FlowMethod));
        Assert.Equal(["/s.png"], spec.StyleImages);
        Assert.Equal([1, 10], spec.LongTermOffsets);
        Assert.Empty(spec.Parameters);
        // One pass: shots kept whole, since a one-pass sweep would start afresh at every cut (SegmentPlannerOptions.DefaultLengthFor).
        Assert.Equal((SegmentPlannerOptions.WholeShot, 4), (spec.SegmentLength, spec.Halo));
        Assert.Equal((0, (int?)null), (spec.FirstFrame, spec.EndFrame));
    }

    [Fact]
    public void SubmitCutsShotsInto24FrameSegmentsOnlyForAMultiPassJob()
    {
        var (options, parse) = Parse(new RenderOptions(), "--passes", "3");

        var spec = options.JobSpecOf(parse, "/in.mp4");

        Assert.Equal((3, 24, 4), (spec.Passes, spec.SegmentLength, spec.Halo));
    }

    [Fact]
    public void RenderKeepsShotsWholeUnlessASegmentLengthIsGiven_AndTheDefaultHaloFitsAShortSegment()
    {
        var (whole, wholeParse) = Parse(new RenderOptions(SegmentPlannerOptions.WholeShot));
        var (cut, cutParse) = Parse(new RenderOptions(SegmentPlannerOptions.WholeShot), "--segment-length", "6");

        Assert.Equal((SegmentPlannerOptions.WholeShot, 4), (whole.JobSpecOf(wholeParse, "/in.mp4").SegmentLength, whole.JobSpecOf(wholeParse, "/in.mp4").Halo));
        Assert.Equal((6, 3), (cut.JobSpecOf(cutParse, "/in.mp4").SegmentLength, cut.JobSpecOf(cutParse, "/in.mp4").Halo));
    }

    [Fact]
    public void FramesSetTheJobsRange()
    {
        var (options, parse) = Parse("--frames", "12:40");
        var (open, openParse) = Parse("--frames", "7:");

        Assert.Equal((12, (int?)40), (options.JobSpecOf(parse, "/in.mp4").FirstFrame, options.JobSpecOf(parse, "/in.mp4").EndFrame));
        Assert.Equal((7, (int?)null), (open.JobSpecOf(openParse, "/in.mp4").FirstFrame, open.JobSpecOf(openParse, "/in.mp4").EndFrame));
    }

    [Fact]
    public void IndependentIsOnePassOfShortTermFlowOnly_AndRefusesAPassCount()
    {
        var (options, parse) = Parse("--preset", "paper", "--independent");
        var (refused, refusedParse) = Parse("--independent", "--passes", "3");

        var spec = options.JobSpecOf(parse, "/in.mp4");

        Assert.Equal((1, "true"), (spec.Passes, spec.Parameters["independent"]));
        Assert.Equal([1], spec.LongTermOffsets);
        Assert.True(JobSettings.Resolve(spec).Independent);
        Assert.Equal("--independent stylizes every frame on its own in one pass: leave out --passes",
            Assert.Throws<ArgumentException>(() => refused.JobSpecOf(refusedParse, "/in.mp4")).Message);
    }

    [Fact]
    public void SubmitSendsEveryGivenOptionAsTheParameterTheExecutorsRead()
    {
        var (options, parse) = Parse("--preset", "preview", "--passes", "3", "--iterations", "7", "--first-frame-iterations", "11", "--long-term", "1,5",
            "--temporal-weight", "250.5", "--content-weight", "2", "--style-weight", "1e7", "--tv-weight", "0.001", "--style-scale", "0.5",
            "--temporal-from-pass", "2", "--flow", "dis", "--tolerance", "0", "--seed", "42", "--width", "128", "--height", "64", "--bit-depth", "16",
            "--tolerance-window", "5", "--init", "Random", "--coherence-below", "0.2", "--match-colors", "--segment-length", "12", "--halo", "3");

        var spec = options.JobSpecOf(parse, "/in.mp4");

        Assert.Equal(("preview", 3, "dis", 12, 3), (spec.Preset, spec.Passes, spec.FlowMethod, spec.SegmentLength, spec.Halo));
        Assert.Equal([1, 5], spec.LongTermOffsets);
        Assert.Equal(new Dictionary<string, string>
        {
            ["bit_depth"] = "16", ["coherence_below"] = "0.2", ["content_weight"] = "2", ["first_frame_iterations"] = "11", ["height"] = "64",
            ["init"] = "random", ["iterations"] = "7", ["match_colors"] = "true", ["seed"] = "42", ["style_scale"] = "0.5", ["style_weight"] = "10000000",
            ["temporal_from_pass"] = "2", ["temporal_weight"] = "250.5", ["tolerance"] = "0", ["tolerance_window"] = "5", ["tv_weight"] = "0.001",
            ["width"] = "128",
        }, spec.Parameters);
    }

    [Fact]
    public void TheExecutorsApplyEveryOptionToThePreset()
    {
        var (options, parse) = Parse("--preset", "preview", "--iterations", "7", "--temporal-weight", "250.5", "--tolerance", "0", "--long-term", "1,5",
            "--tolerance-window", "5", "--init", "random", "--coherence-below", "0.2", "--blend-weight", "0.5", "--match-colors");

        var settings = JobSettings.Resolve(options.JobSpecOf(parse, "/in.mp4"));

        var preset = settings.Preset;
        Assert.Equal(("preview", 7, 7, 7), (preset.Name, preset.FrameIterations, preset.IterationsPerPass, preset.FirstFrameIterations));
        Assert.Equal((250.5, 250.5, (double?)null), (preset.TemporalWeight, preset.MultiPassTemporalWeight, preset.RelativeTolerance));
        Assert.Equal([1, 5], preset.LongTermOffsets);
        Assert.Equal((5, FirstFrameInit.Random, 0.2, 0.5), (preset.ToleranceWindow, preset.FirstFrameInit, preset.CoherenceFallbackBelow, preset.BlendWeight));
        Assert.Equal((true, false), (settings.MatchColors, settings.Independent));
    }

    [Fact]
    public void ABadOffsetListIsRefused()
    {
        var (options, parse) = Parse("--long-term", "1,x");

        Assert.Equal("--long-term '1,x': 'x' is not a frame offset ≥ 1", Assert.Throws<ArgumentException>(() => options.JobSpecOf(parse, "/in.mp4")).Message);
    }
}
