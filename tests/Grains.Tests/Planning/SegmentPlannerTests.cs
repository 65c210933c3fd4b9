using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;

namespace StyleFarm.Grains.Tests.Planning;

public class SegmentPlannerTests
{
    private static readonly SegmentPlanner Default = new(new SegmentPlannerOptions());

    private static (int, int, int, int)[] Ranges(IReadOnlyList<Segment> segments) =>
        segments.Select(s => (s.Core.Start, s.Core.End, s.Halo.Start, s.Halo.End)).ToArray();

    [Fact]
    public void DefaultsAre24FramesWithHalo4()
    {
        var options = new SegmentPlannerOptions();
        Assert.Equal((24, 4), (options.SegmentLength, options.Halo));
    }

    [Fact]
    public void TailOfHalfASegmentOrMoreStandsAlone()
    {
        // 60 frames: 24 + 24 + 12; 12 = L/2 is kept.
        var segments = Default.Split(new Shot(3, new FrameRange(0, 60)));
        Assert.Equal([(0, 24, 0, 28), (24, 48, 20, 52), (48, 60, 44, 60)], Ranges(segments));
        Assert.Equal([0, 1, 2], segments.Select(s => s.Index));
        Assert.All(segments, s => Assert.Equal(3, s.Shot));
    }

    [Fact]
    public void TailShorterThanHalfASegmentJoinsThePreviousOne()
    {
        // 59 frames: 24 + 24 + 11; 11 < 12 joins the second segment, which becomes 35 frames.
        Assert.Equal([(100, 124, 100, 128), (124, 159, 120, 159)], Ranges(Default.Split(new Shot(0, new FrameRange(100, 159)))));
    }

    [Fact]
    public void ExactMultipleHasNoTail() =>
        Assert.Equal([(0, 24, 0, 28), (24, 48, 20, 48)], Ranges(Default.Split(new Shot(0, new FrameRange(0, 48)))));

    [Fact]
    public void ShotShorterThanASegmentIsOneSegmentWithNoHalo() =>
        Assert.Equal([(10, 15, 10, 15)], Ranges(Default.Split(new Shot(0, new FrameRange(10, 15)))));

    [Fact]
    public void HaloIsClippedAtBothEndsOfTheShot()
    {
        var segments = Default.Split(new Shot(0, new FrameRange(1000, 1050)));
        Assert.Equal([(1000, 1024, 1000, 1028), (1024, 1050, 1020, 1050)], Ranges(segments));
        Assert.Equal((0, 4), (segments[0].HaloBefore, segments[0].HaloAfter));
        Assert.Equal((4, 0), (segments[1].HaloBefore, segments[1].HaloAfter));
    }

    [Fact]
    public void CoresTileTheShotExactly()
    {
        var planner = new SegmentPlanner(new SegmentPlannerOptions { SegmentLength = 10, Halo = 5 });
        for (var n = 1; n <= 60; n++)
        {
            var segments = planner.Split(new Shot(0, new FrameRange(7, 7 + n)));
            Assert.Equal(7, segments[0].Core.Start);
            Assert.Equal(7 + n, segments[^1].Core.End);
            for (var k = 1; k < segments.Count; k++) Assert.Equal(segments[k - 1].Core.End, segments[k].Core.Start);
            // No segment of a split shot is shorter than L/2 or as long as 3L/2.
            if (segments.Count > 1) Assert.All(segments, s => Assert.InRange(s.Core.Count, 5, 14));
        }
    }

    [Fact]
    public void ZeroHaloMakesHaloEqualCore() =>
        Assert.All(new SegmentPlanner(new SegmentPlannerOptions { Halo = 0 }).Split(new Shot(0, new FrameRange(0, 100))), s => Assert.Equal(s.Core, s.Halo));

    [Fact]
    public void OwnerOfFindsTheSegmentWhoseCoreHoldsTheFrame()
    {
        var segments = Default.Split(new Shot(0, new FrameRange(0, 60)));
        Assert.Equal(0, SegmentPlanner.OwnerOf(segments, 0).Index);
        Assert.Equal(0, SegmentPlanner.OwnerOf(segments, 23).Index);
        Assert.Equal(1, SegmentPlanner.OwnerOf(segments, 24).Index);
        Assert.Equal(2, SegmentPlanner.OwnerOf(segments, 59).Index);
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentPlanner.OwnerOf(segments, 60));
    }

    [Fact]
    public void HaloOverHalfTheSegmentLengthIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new SegmentPlanner(new SegmentPlannerOptions { SegmentLength = 24, Halo = 13 }));
        Assert.Equal("halo is 13 frames but must be 0 … 12 (half the segment length 24) so it never reaches past the neighbouring segment (Parameter 'Halo')", e.Message);
    }

    [Fact]
    public void WholeShotLengthKeepsEvenAHugeShotOneSegment()
    {
        var planner = new SegmentPlanner(new SegmentPlannerOptions { SegmentLength = SegmentPlannerOptions.WholeShot, Halo = 4 });

        Assert.Equal([(7, 2_000_007, 7, 2_000_007)], Ranges(planner.Split(new Shot(3, new FrameRange(7, 2_000_007)))));
        Assert.Equal([(int.MaxValue - 10, int.MaxValue, int.MaxValue - 10, int.MaxValue)],
            Ranges(planner.Split(new Shot(0, new FrameRange(int.MaxValue - 10, int.MaxValue)))));
    }
}
