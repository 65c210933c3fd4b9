using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Jobs;

public class JobSpecTests
{
    [Fact]
    public void DefaultsAreSegmentsOf24WithHalo4OnePassDisFlowAndShortTermOffsetOnly()
    {
        var spec = new JobSpec { Input = "a.mp4", StyleImages = ["s.png"], Preset = "paper", Output = "b.mp4" };
        spec.Validate();
        Assert.Equal((24, 4, 1, "dis", StylizationMethod.Optimization, false),
            (spec.SegmentLength, spec.Halo, spec.Passes, spec.FlowMethod, spec.Method, spec.RequireGpu));
        Assert.Equal([1], spec.LongTermOffsets);
        Assert.Empty(spec.Parameters);
    }

    [Fact]
    public void ATrainingJobNeedsADataFolderAndOneStyle_AndComparesItsTrainingByValue()
    {
        var training = new TrainingJob { DataFolders = ["/data/a"], Options = "{}" };
        var spec = Samples.Spec() with { Training = training };
        spec.Validate();
        Assert.True(spec.IsSameJobAs(Samples.Spec() with { Training = training with { DataFolders = ["/data/a"] } }));
        Assert.False(spec.IsSameJobAs(Samples.Spec() with { Training = training with { CheckpointEvery = 5 } }));
        Assert.False(spec.IsSameJobAs(Samples.Spec()));
        Assert.Equal("DataFolders", Assert.Throws<ArgumentException>(() => (spec with { Training = training with { DataFolders = [] } }).Validate()).ParamName);
        Assert.Equal("StyleImages", Assert.Throws<ArgumentException>(() => (spec with { StyleImages = ["a.png", "b.png"] }).Validate()).ParamName);
        Assert.Equal("CheckpointEvery", Assert.Throws<ArgumentException>(() => (spec with { Training = training with { CheckpointEvery = 0 } }).Validate()).ParamName);
    }

    [Fact]
    public void MissingInputIsRejectedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => (Samples.Spec() with { Input = " " }).Validate());
        Assert.Equal("Input", e.ParamName);
    }

    [Fact]
    public void NoStyleImageIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => (Samples.Spec() with { StyleImages = [] }).Validate());
        Assert.Equal("StyleImages", e.ParamName);
    }

    [Fact]
    public void HaloLongerThanHalfASegmentIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => (Samples.Spec() with { SegmentLength = 24, Halo = 13 }).Validate());
        Assert.Equal("Halo", e.ParamName);
        Assert.Contains("0 … 12", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void PassesOutside1To99AreRejected(int passes)
    {
        var e = Assert.Throws<ArgumentException>(() => (Samples.Spec() with { Passes = passes }).Validate());
        Assert.Equal("Passes", e.ParamName);
    }

    [Fact]
    public void LongTermOffsetsMustContainOne()
    {
        var e = Assert.Throws<ArgumentException>(() => (Samples.Spec() with { LongTermOffsets = [10, 20] }).Validate());
        Assert.Contains("lack 1", e.Message);
    }

    [Fact]
    public void LongTermOffsetsMustBeDistinctAndPositive()
    {
        Assert.Contains("repeat", Assert.Throws<ArgumentException>(() => (Samples.Spec() with { LongTermOffsets = [1, 10, 10] }).Validate()).Message);
        Assert.Contains("non-positive", Assert.Throws<ArgumentException>(() => (Samples.Spec() with { LongTermOffsets = [1, -10] }).Validate()).Message);
    }

    [Fact]
    public void ParameterOverrideWithEmptyNameIsRejected()
    {
        var spec = Samples.Spec() with { Parameters = new Dictionary<string, string> { [""] = "1" } };
        Assert.Equal("Parameters", Assert.Throws<ArgumentException>(spec.Validate).ParamName);
    }

    [Fact]
    public void AFrameRangeMustStartAtZeroOrLaterAndHoldAFrame()
    {
        Assert.Equal("FirstFrame", Assert.Throws<ArgumentException>(() => (Samples.Spec() with { FirstFrame = -1 }).Validate()).ParamName);
        Assert.Equal("the frame range 5:5 is empty: its end must be after its first frame 5 (Parameter 'EndFrame')",
            Assert.Throws<ArgumentException>(() => (Samples.Spec() with { FirstFrame = 5, EndFrame = 5 }).Validate()).Message);
        (Samples.Spec() with { FirstFrame = 5, EndFrame = 6 }).Validate();
    }

    [Fact]
    public void TheSameJobIsRecognisedAcrossCopiesOfItsListsAndParameters()
    {
        var spec = Samples.Spec() with { Parameters = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, LongTermOffsets = [1, 10], EndFrame = 9 };
        var copy = spec with
        {
            Parameters = new SortedDictionary<string, string> { ["b"] = "2", ["a"] = "1" },
            LongTermOffsets = new List<int> { 1, 10 },
            StyleImages = spec.StyleImages.ToList(),
        };

        Assert.NotEqual(spec, copy); // record equality compares the collections by reference
        Assert.True(spec.IsSameJobAs(copy));
        Assert.False(spec.IsSameJobAs(copy with { EndFrame = 10 }));
        Assert.False(spec.IsSameJobAs(copy with { Parameters = new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" } }));
        Assert.False(spec.IsSameJobAs(copy with { LongTermOffsets = [10, 1] }));
    }
}
