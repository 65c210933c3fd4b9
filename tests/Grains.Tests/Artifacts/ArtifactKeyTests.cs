using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tests.Artifacts;

public class ArtifactKeyTests
{
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
    private static readonly Segment Seg = new(12, 3, new FrameRange(172, 196), new FrameRange(168, 200));

    [Fact]
    public void FrameKeyFollowsTheDocumentedScheme() =>
        Assert.Equal("jobs/0193a5b2c3d47e8f9a0b1c2d3e4f5a6b/shots/0012/segments/0003/pass/07/frame/000180.png",
            ArtifactKey.Frame(Job, Seg, 7, 180).Value);

    [Fact]
    public void FlowAndWeightKeysNameBothFrames()
    {
        Assert.Equal("jobs/0193a5b2c3d47e8f9a0b1c2d3e4f5a6b/shots/0012/segments/0003/flow/000199-000189.flo", ArtifactKey.Flow(Job, Seg, 199, 189).Value);
        Assert.Equal("jobs/0193a5b2c3d47e8f9a0b1c2d3e4f5a6b/shots/0012/segments/0003/weights/000168-000169.pgm", ArtifactKey.Weights(Job, Seg, 168, 169).Value);
    }

    [Fact]
    public void OutputKeyIsUnderTheJob() =>
        Assert.Equal("jobs/0193a5b2c3d47e8f9a0b1c2d3e4f5a6b/output/film.mp4", ArtifactKey.Output(Job, "film.mp4").Value);

    [Fact]
    public void SameInputsGiveTheSameKey() =>
        Assert.Equal(ArtifactKey.Frame(Job, Seg, 2, 172), ArtifactKey.Frame(Job, Seg with { }, 2, 172));

    [Fact]
    public void KeysSortInFrameOrder()
    {
        var keys = new[] { 195, 172, 180 }.Select(f => ArtifactKey.Frame(Job, Seg, 1, f).Value).Order(StringComparer.Ordinal).ToList();
        Assert.EndsWith("000172.png", keys[0]);
        Assert.EndsWith("000195.png", keys[2]);
    }

    [Fact]
    public void AFrameOutsideTheCoreBelongsToAnotherSegment()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ArtifactKey.Frame(Job, Seg, 1, 170));
        Assert.Contains("use the segment that owns the frame", e.Message);
    }

    [Fact]
    public void FlowOutsideTheHaloIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArtifactKey.Flow(Job, Seg, 200, 199));

    [Theory]
    [InlineData("")]
    [InlineData("a/b.mp4")]
    [InlineData("..")]
    public void OutputNameMustBeAPlainFileName(string name) =>
        Assert.Throws<ArgumentException>(() => ArtifactKey.Output(Job, name));

    [Fact]
    public void PrefixesEncloseEveryKeyOfTheirScope()
    {
        var key = ArtifactKey.Frame(Job, Seg, 1, 172).Value;
        Assert.StartsWith(ArtifactKey.SegmentPrefix(Job, Seg), key);
        Assert.StartsWith(ArtifactKey.JobPrefix(Job), key);
    }

    [Fact]
    public void ShotColorsKeyIsUnderTheShot() =>
        Assert.Equal("jobs/0193a5b2c3d47e8f9a0b1c2d3e4f5a6b/shots/0012/colors.json", ArtifactKey.ShotColors(Job, 12).Value);
}
