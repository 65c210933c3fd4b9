using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Planning;

public class PassScheduleTests
{
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");

    // Shot 2 of 72 frames, L = 24: three segments.
    private static readonly IReadOnlyList<Segment> Segments = new SegmentPlanner(new SegmentPlannerOptions()).Split(new Shot(2, new FrameRange(500, 572)));

    private static string[] Deps(PassSchedule schedule, int segment, int pass) =>
        schedule.StylizeDependencies(Job, Segments[segment], Segments.Count, pass).Select(d => d.Key).ToArray();

    [Fact]
    public void PassOneOfEachSegmentNeedsOnlyItsFlow()
    {
        var schedule = new PassSchedule(3);
        Assert.Equal(["flow/0002/0000"], Deps(schedule, 0, 1));
        Assert.Equal(["flow/0002/0001"], Deps(schedule, 1, 1));
        Assert.Equal(["flow/0002/0002"], Deps(schedule, 2, 1));
    }

    [Fact]
    public void LaterPassNeedsThePreviousPassOfItselfAndItsNeighboursInAThreeSegmentShot()
    {
        var schedule = new PassSchedule(3);
        Assert.Equal(["stylize/0002/0000/01", "stylize/0002/0001/01"], Deps(schedule, 0, 2));
        Assert.Equal(["stylize/0002/0000/01", "stylize/0002/0001/01", "stylize/0002/0002/01"], Deps(schedule, 1, 2));
        Assert.Equal(["stylize/0002/0001/01", "stylize/0002/0002/01"], Deps(schedule, 2, 2));
    }

    [Fact]
    public void TheLastPassAlsoNeedsTheUpstreamNeighboursLastPassSoItRunsAcrossTheShotAsOneSweep()
    {
        // Pass 3 of 3 is backward: each segment continues the sweep of the segment after it.
        var backward = new PassSchedule(3);
        Assert.Equal(["stylize/0002/0000/02", "stylize/0002/0001/02", "stylize/0002/0001/03"], Deps(backward, 0, 3));
        Assert.Equal(["stylize/0002/0000/02", "stylize/0002/0001/02", "stylize/0002/0002/02", "stylize/0002/0002/03"], Deps(backward, 1, 3));
        Assert.Equal(["stylize/0002/0001/02", "stylize/0002/0002/02"], Deps(backward, 2, 3));
        // Pass 4 of 4 is forward: each continues the one before it.
        var forward = new PassSchedule(4);
        Assert.Equal(["stylize/0002/0000/03", "stylize/0002/0001/03"], Deps(forward, 0, 4));
        Assert.Equal(["stylize/0002/0000/03", "stylize/0002/0001/03", "stylize/0002/0002/03", "stylize/0002/0000/04"], Deps(forward, 1, 4));
        Assert.Equal([false, false, false, true], Enumerable.Range(1, 4).Select(forward.Chains));
        Assert.False(new PassSchedule(1).Chains(1)); // a one-pass job's segments are whole shots by default, not a chain
    }

    [Fact]
    public void FlowNeedsThePlanAndEncodeNeedsTheLastPassOfEverySegment()
    {
        var schedule = new PassSchedule(3);
        Assert.Equal(["plan"], schedule.FlowDependencies(Job).Select(d => d.Key));
        Assert.Equal(["stylize/0002/0000/03", "stylize/0002/0001/03", "stylize/0002/0002/03"], schedule.EncodeDependencies(Job, Segments).Select(d => d.Key));
    }

    [Fact]
    public void AfterAnIndependentFirstPassDirectionsAlternateForwardThenBackward()
    {
        var schedule = new PassSchedule(6);
        Assert.Equal(
            [PassDirection.Independent, PassDirection.Forward, PassDirection.Backward, PassDirection.Forward, PassDirection.Backward, PassDirection.Forward],
            Enumerable.Range(1, 6).Select(schedule.DirectionOf));
    }

    [Fact]
    public void SinglePassIsAForwardSweep() => Assert.Equal(PassDirection.Forward, new PassSchedule(1).DirectionOf(1));

    [Fact]
    public void PassOutsideTheScheduleIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PassSchedule(3).DirectionOf(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PassSchedule(3).DirectionOf(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PassSchedule(0));
    }
}
