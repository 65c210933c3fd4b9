using StyleFarm.Kernels.Network.Training;

namespace StyleFarm.Kernels.Tests.Network;

public class FrameScheduleTests
{
    [Fact]
    public void Table1OnThePapersBudget()
    {
        Assert.Equal(2, FrameSchedule.FramesAt(0, 120_000, multiFrame: true));
        Assert.Equal(2, FrameSchedule.FramesAt(59_999, 120_000, true));
        Assert.Equal(3, FrameSchedule.FramesAt(60_000, 120_000, true));
        Assert.Equal(3, FrameSchedule.FramesAt(69_999, 120_000, true));
        Assert.Equal(5, FrameSchedule.FramesAt(70_000, 120_000, true));
        Assert.Equal(5, FrameSchedule.FramesAt(119_999, 120_000, true));
    }

    [Fact]
    public void TheScheduleScalesWithTheBudget()
    {
        // 12 iterations: 2 frames for the first 6 (50 %), 3 for the 7th (up to 58.3 %), 5 after.
        var frames = Enumerable.Range(0, 12).Select(i => FrameSchedule.FramesAt(i, 12, true)).ToArray();
        Assert.Equal([2, 2, 2, 2, 2, 2, 3, 5, 5, 5, 5, 5], frames);
    }

    [Fact]
    public void TwoFrameTrainingKeepsTwoFrames() =>
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(2, FrameSchedule.FramesAt(i, 100, multiFrame: false)));
}
