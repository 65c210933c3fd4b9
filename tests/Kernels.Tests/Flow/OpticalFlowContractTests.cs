using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Tests.Flow;

/// <summary>What every algorithm promises about its inputs, names and settings, independent of accuracy.</summary>
public sealed class OpticalFlowContractTests
{
    [Theory]
    [InlineData("dis")]
    [InlineData("deepflow")]
    [InlineData("farneback")]
    public void Compute_RejectsFramesOfDifferentSizes(string algorithm)
    {
        var flows = OpticalFlowFactory.Create(algorithm);

        var error = Assert.Throws<ArgumentException>(() => flows.Compute(new RgbFrame(64, 48), new RgbFrame(48, 64)));

        Assert.Contains("64x48", error.Message);
        Assert.Contains("48x64", error.Message);
    }

    [Theory]
    [InlineData("dis", typeof(DisOpticalFlow))]
    [InlineData("DeepFlow", typeof(DeepFlowOpticalFlow))]
    [InlineData(" farneback ", typeof(FarnebackOpticalFlow))]
    public void Create_ReturnsTheAlgorithmOfThatNameIgnoringCaseAndSpaces(string name, Type expected)
    {
        var flows = OpticalFlowFactory.Create(name);

        Assert.IsType(expected, flows);
        Assert.Equal(name.Trim().ToLowerInvariant(), flows.Name);
    }

    [Fact]
    public void Create_WithAnUnknownName_SaysWhichNamesExist()
    {
        var error = Assert.Throws<ArgumentException>(() => OpticalFlowFactory.Create("raft"));

        Assert.Contains("'raft'", error.Message);
        Assert.Contains("dis, deepflow, farneback", error.Message);
    }

    [Fact]
    public void Compute_WhenOpenCvRejectsTheFrames_ThrowsNativeExceptionWithOpenCvsMessage()
    {
        // DIS needs frames of at least 12 px on one side; OpenCV's own check must reach C# intact.
        var error = Assert.Throws<NativeException>(() => new DisOpticalFlow().Compute(new RgbFrame(8, 8), new RgbFrame(8, 8)));

        Assert.Equal("sf_flow_dis", error.Operation);
        Assert.Contains("OpenCV", error.NativeMessage);
        Assert.Contains(">= 12", error.NativeMessage);
    }

    [Fact]
    public void DisOptions_Defaults_AreTheMediumPresetWithNoOverride()
    {
        var options = new DisOpticalFlow().Options;

        Assert.Equal(new DisOptions { Preset = DisPreset.Medium }, options);
        Assert.Null(options.PatchSize);
        Assert.Null(options.VariationalRefinementIterations);
    }

    public static TheoryData<DisOptions, string> InvalidDisOptions() => new()
    {
        { new DisOptions { Preset = (DisPreset)7 }, nameof(DisOptions.Preset) },
        { new DisOptions { FinestScale = -1 }, nameof(DisOptions.FinestScale) },
        { new DisOptions { PatchSize = 0 }, nameof(DisOptions.PatchSize) },
        { new DisOptions { PatchSize = 8, PatchStride = 9 }, nameof(DisOptions.PatchStride) },
        { new DisOptions { GradientDescentIterations = 0 }, nameof(DisOptions.GradientDescentIterations) },
        { new DisOptions { VariationalRefinementIterations = -2 }, nameof(DisOptions.VariationalRefinementIterations) },
        { new DisOptions { VariationalRefinementAlpha = float.NaN }, nameof(DisOptions.VariationalRefinementAlpha) },
        { new DisOptions { VariationalRefinementGamma = -1 }, nameof(DisOptions.VariationalRefinementGamma) },
    };

    [Theory]
    [MemberData(nameof(InvalidDisOptions))]
    public void DisOpticalFlow_RejectsAnOptionOutOfRange_NamingIt(DisOptions options, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DisOpticalFlow(options));

        Assert.Equal(name, error.ParamName);
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData(1.0, 5, 13, 10, 5, 1.1, nameof(FarnebackOptions.PyramidScale))]
    [InlineData(0.5, 0, 13, 10, 5, 1.1, nameof(FarnebackOptions.Levels))]
    [InlineData(0.5, 5, 0, 10, 5, 1.1, nameof(FarnebackOptions.WindowSize))]
    [InlineData(0.5, 5, 13, 0, 5, 1.1, nameof(FarnebackOptions.Iterations))]
    [InlineData(0.5, 5, 13, 10, 0, 1.1, nameof(FarnebackOptions.PolyN))]
    [InlineData(0.5, 5, 13, 10, 5, 0.0, nameof(FarnebackOptions.PolySigma))]
    public void FarnebackOpticalFlow_RejectsAnOptionOutOfRange_NamingIt(
        double pyramidScale, int levels, int windowSize, int iterations, int polyN, double polySigma, string name)
    {
        var options = new FarnebackOptions
        {
            PyramidScale = pyramidScale, Levels = levels, WindowSize = windowSize,
            Iterations = iterations, PolyN = polyN, PolySigma = polySigma,
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FarnebackOpticalFlow(options));

        Assert.Equal(name, error.ParamName);
    }
}
