using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>Which frames a stylize task optimises, in which order.</summary>
public sealed class SweepPlanTests
{
    // Core [4, 8) with a halo of 2 on each side.
    private static readonly Segment Middle = new(0, 1, new FrameRange(4, 8), new FrameRange(2, 10));

    [Fact]
    public void AnIndependentFirstPassTakesTheCoreFramesOnly() =>
        Assert.Equal([4, 5, 6, 7], SweepPlan.Frames(Middle, PassDirection.Independent, passes: 3));

    [Fact]
    public void AOnePassJobSweepsItsCoreForward() =>
        Assert.Equal([4, 5, 6, 7], SweepPlan.Frames(Middle, PassDirection.Forward, passes: 1));

    [Fact]
    public void AForwardPassEntersThroughTheHaloBeforeTheCore() =>
        Assert.Equal([2, 3, 4, 5, 6, 7], SweepPlan.Frames(Middle, PassDirection.Forward, passes: 3));

    [Fact]
    public void ABackwardPassEntersThroughTheHaloAfterTheCore() =>
        Assert.Equal([9, 8, 7, 6, 5, 4], SweepPlan.Frames(Middle, PassDirection.Backward, passes: 3));

    [Fact]
    public void AtAShotsStartTheForwardSweepStartsAtTheCore() =>
        Assert.Equal([0, 1, 2, 3], SweepPlan.Frames(new Segment(0, 0, new FrameRange(0, 4), new FrameRange(0, 6)), PassDirection.Forward, passes: 2));

    [Fact]
    public void AChainedLastPassSweepsTheCoreOnlyInItsDirection()
    {
        Assert.Equal([4, 5, 6, 7], SweepPlan.Frames(Middle, PassDirection.Forward, passes: 4, chained: true));
        Assert.Equal([7, 6, 5, 4], SweepPlan.Frames(Middle, PassDirection.Backward, passes: 3, chained: true));
    }
}
