using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// The farm's frames of a segment's sweep (16-bit PNG artifacts) pass the sweep frames' conformance suite, and a
/// neighbour's frame is read from the segment whose core owns it.
/// </summary>
public sealed class SegmentFramesConformanceTests : SweepFramesConformance
{
    private static readonly JobId Job = JobId.Parse("0193a5b0c1d27e3f8a4b5c6d7e8f9012");
    private static readonly Segment Whole = new(0, 0, new FrameRange(0, 8), new FrameRange(0, 8));
    private readonly TempFolder _folder = new();
    private readonly FrameArtifacts _artifacts;

    public SegmentFramesConformanceTests() => _artifacts = new FrameArtifacts(new FolderArtifactStore(_folder.Path));

    protected override ISweepFrames Frames => new SegmentFrames(_artifacts, Job, Whole, [Whole], CPU);

    [Fact]
    public async Task AHaloFrameIsReadFromTheSegmentThatOwnsIt()
    {
        Segment first = new(0, 0, new FrameRange(0, 4), new FrameRange(0, 6)), second = new(0, 1, new FrameRange(4, 8), new FrameRange(2, 8));
        var owner = new SegmentFrames(_artifacts, Job, second, [first, second], CPU);
        var neighbour = new SegmentFrames(_artifacts, Job, first, [first, second], CPU);
        using var image = Image(0.4f);

        using var committed = await owner.CommitAsync(2, 5, image, default);
        using var read = await neighbour.LoadAsync(2, 5, default);

        Assert.Equal(committed.data<float>().ToArray(), read.data<float>().ToArray());
        Assert.True(await _artifacts.ExistsAsync(ArtifactKey.Frame(Job, second, 2, 5), default));
    }

    public override void Dispose()
    {
        _folder.Dispose();
        base.Dispose();
    }
}
