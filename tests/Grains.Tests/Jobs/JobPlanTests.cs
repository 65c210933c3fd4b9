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
}
