using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>How a job's spec becomes the stylizer's settings.</summary>
public sealed class JobSettingsTests
{
    private static readonly JobSpec Base = TestFarm.Spec("in.mkv", "out.mkv", passes: 3, segmentLength: 24, halo: 4);

    [Fact]
    public void ThePresetTakesTheJobsPassesOffsetsFlowAndParameterOverrides()
    {
        var spec = Base with
        {
            LongTermOffsets = [1, 10],
            FlowMethod = "farneback",
            Parameters = new Dictionary<string, string> { ["iterations"] = "7", ["temporal_weight"] = "250", ["tolerance"] = "0", ["width"] = "320", ["bit_depth"] = "16" },
        };

        var settings = JobSettings.Resolve(spec);

        var p = settings.Preset;
        Assert.Equal(("preview", 3, "farneback"), (p.Name, p.Passes, p.FlowMethod));
        Assert.Equal([1, 10], p.LongTermOffsets);
        Assert.Equal((7, 7, 7), (p.IterationsPerPass, p.FrameIterations, p.FirstFrameIterations));
        Assert.Equal((250.0, 250.0), (p.TemporalWeight, p.MultiPassTemporalWeight));
        Assert.Null(p.RelativeTolerance);
        Assert.True(settings.SixteenBit);
        Assert.Equal((320, 240), settings.RenderSize(640, 480));
    }

    [Fact]
    public void AnUnknownParameterIsAPermanentErrorThatListsTheKnownOnes()
    {
        var spec = Base with { Parameters = new Dictionary<string, string> { ["style_wieght"] = "3" } };

        var error = Assert.Throws<PermanentTaskException>(() => JobSettings.Resolve(spec));

        Assert.Contains("unknown parameter style_wieght", error.Message);
        Assert.Contains("style_weight", error.Message);
    }

    [Fact]
    public void AValueThatIsNotANumberNamesTheParameter()
    {
        var error = Assert.Throws<PermanentTaskException>(() => JobSettings.Resolve(Base with { Parameters = new Dictionary<string, string> { ["iterations"] = "many" } }));

        Assert.Contains("parameter iterations is 'many': give a whole number", error.Message);
    }

    [Fact]
    public void ANetworkJobIsOneSweepWithTheShortTermFlowAndItsModelWhereTheStyleWouldBe()
    {
        var spec = Base with
        {
            Method = StylizationMethod.Network,
            StyleImages = ["/models/starry.safetensors"],
            Passes = 1,
            Parameters = new Dictionary<string, string> { ["width"] = "320", ["independent"] = "true" },
        };

        var settings = JobSettings.Resolve(spec);

        Assert.Equal(StylizationMethod.Network, settings.Method);
        Assert.Equal("/models/starry.safetensors", settings.Model);
        Assert.Equal((1, "dis"), (settings.Preset.Passes, settings.Preset.FlowMethod));
        Assert.Equal([1], settings.Preset.LongTermOffsets);
        Assert.True(settings.Independent);
        Assert.Equal((320, 240), settings.RenderSize(640, 480));
    }

    [Theory]
    [InlineData(3, "", "one forward sweep, but the job has 3 passes")]
    [InlineData(1, "iterations", "iterations sets the optimization method; a network job takes only width, height, bit_depth, independent")]
    [InlineData(1, "match_colors", "match_colors sets the optimization method")]
    public void ANetworkJobRefusesWhatOnlyTheOptimisationHas(int passes, string parameter, string message)
    {
        var parameters = parameter.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [parameter] = "true" };
        var spec = Base with { Method = StylizationMethod.Network, StyleImages = ["/m.safetensors"], Passes = passes, Parameters = parameters };

        var error = Assert.Throws<PermanentTaskException>(() => JobSettings.Resolve(spec));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ANetworkJobUsesNoLongTermFlows() =>
        Assert.Contains("short-term flow only", Assert.Throws<PermanentTaskException>(() =>
            JobSettings.Resolve(Base with
            {
                Method = StylizationMethod.Network, StyleImages = ["/m.safetensors"], Passes = 1, LongTermOffsets = [1, 10],
                Parameters = new Dictionary<string, string>(), // the base spec's optimisation parameters would be refused first
            })).Message);

    [Fact]
    public void TheOneMachineOptionsAreParametersToo()
    {
        var spec = Base with
        {
            Passes = 1,
            Parameters = new Dictionary<string, string>
            {
                ["tolerance_window"] = "5", ["init"] = "Random", ["coherence_below"] = "0.2", ["independent"] = "true", ["match_colors"] = "True",
            },
        };

        var settings = JobSettings.Resolve(spec);

        Assert.Equal((5, Kernels.Stylize.FirstFrameInit.Random, 0.2), (settings.Preset.ToleranceWindow, settings.Preset.FirstFrameInit, settings.Preset.CoherenceFallbackBelow));
        Assert.Equal((true, true), (settings.Independent, settings.MatchColors));
        Assert.Equal((false, false), (JobSettings.Resolve(Base).Independent, JobSettings.Resolve(Base).MatchColors));
    }

    [Theory]
    [InlineData("init", "grey", "parameter init is 'grey': use content or random")]
    [InlineData("match_colors", "yes", "parameter match_colors is 'yes': give true or false")]
    [InlineData("coherence_below", "1.5", "coherence fallback threshold must be in [0,1]")]
    [InlineData("independent", "true", "independent frames are one pass, but the job has 3: submit it with passes 1")]
    public void ABadOneMachineOptionIsAPermanentErrorThatSaysWhy(string name, string value, string why)
    {
        var spec = Base with { Parameters = new Dictionary<string, string> { [name] = value } };

        Assert.Contains(why, Assert.Throws<PermanentTaskException>(() => JobSettings.Resolve(spec)).Message);
    }
}
