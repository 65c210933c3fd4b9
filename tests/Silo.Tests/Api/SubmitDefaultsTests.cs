using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>What a submit that names no segment length plans: a one-pass job must never cut a shot (issue 8: a cut
/// one-pass shot restarts at every segment and jumps there once a second).</summary>
public sealed class SubmitDefaultsTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(4, 4)]
    public void AShotOfAHundredFramesIsCutOnlyForAMultiPassJob(int? passes, int segments)
    {
        var spec = new SubmitJobRequest { Input = "/in.mp4", StyleImages = ["/style.jpg"], Output = "/out.mp4", Passes = passes }.ToSpec();

        var plan = new SegmentPlanner(new SegmentPlannerOptions { SegmentLength = spec.SegmentLength, Halo = spec.Halo })
            .Split(new Shot(0, new FrameRange(0, 100)));

        Assert.Equal(segments, plan.Count);
        Assert.Equal((0, 100), (plan[0].Core.Start, plan[^1].Core.End));
    }
}
