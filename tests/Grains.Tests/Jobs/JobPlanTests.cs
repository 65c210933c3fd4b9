using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Jobs;

public class JobPlanTests
{
    [Fact]
    public void SamplePlanIsValid() => Samples.Plan().Validate(Samples.Spec());

    [Fact]
    public void ShotsWithAGapAreRejected()
    {
        var plan = Samples.Plan() with { Shots = [new Shot(0, new FrameRange(0, 5)), new Shot(1, new FrameRange(6, 10))] };
        var e = Assert.Throws<ArgumentException>(() => plan.Validate(Samples.Spec()));
        Assert.Equal("shot 1 covers [6, 10) but should start at frame 5 and be non-empty: shots must tile the input without gaps or overlaps (Parameter 'Shots')", e.Message);
    }

    [Fact]
    public void ShotsNotReachingTheLastFrameAreRejected()
    {
        var plan = Samples.Plan() with { FrameCount = 12 };
        Assert.Contains("shots end at frame 10 but the plan has 12 frames", Assert.Throws<ArgumentException>(() => plan.Validate(Samples.Spec())).Message);
    }

    [Fact]
    public void IterationsMustMatchThePassCount()
    {
        var e = Assert.Throws<ArgumentException>(() => Samples.Plan(passes: 2).Validate(Samples.Spec(passes: 3)));
        Assert.Contains("iterations for 2 passes but the job asks for 3", e.Message);
    }

    [Fact]
    public void NonPositiveFrameSizeIsRejected()
    {
        Assert.Equal("Width", Assert.Throws<ArgumentException>(() => (Samples.Plan() with { Width = 0 }).Validate(Samples.Spec())).ParamName);
    }

    [Fact]
    public void APlanOfAFrameRangeStartsAtItsFirstFrame()
    {
        var spec = Samples.Spec() with { FirstFrame = 20, EndFrame = 30 };
        var plan = Samples.Plan() with { Shots = [new Shot(0, new FrameRange(20, 26)), new Shot(1, new FrameRange(26, 30))] };

        plan.Validate(spec);

        Assert.Equal((20, new FrameRange(20, 30)), (plan.FirstFrame, plan.Frames));
        Assert.Equal("shot 0 covers [0, 6) but should start at frame 20 and be non-empty: shots must tile the input without gaps or overlaps (Parameter 'Shots')",
            Assert.Throws<ArgumentException>(() => Samples.Plan().Validate(spec)).Message);
    }

    [Fact]
    public void AShotPastTheEndOfTheRangeIsRejected()
    {
        var spec = Samples.Spec() with { EndFrame = 8 };
        Assert.Contains("past the end 8 of the job's frame range", Assert.Throws<ArgumentException>(() => Samples.Plan().Validate(spec)).Message);
    }
}
