using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Tasks;

public class TaskIdTests
{
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");

    [Fact]
    public void KeysNameKindShotSegmentAndPass()
    {
        Assert.Equal("plan", TaskId.Plan(Job).Key);
        Assert.Equal("encode", TaskId.Encode(Job).Key);
        Assert.Equal("flow/0003/0012", TaskId.Flow(Job, 3, 12).Key);
        Assert.Equal("stylize/0003/0012/07", TaskId.Stylize(Job, 3, 12, 7).Key);
        Assert.Equal("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b/stylize/0003/0012/07", TaskId.Stylize(Job, 3, 12, 7).ToString());
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("encode")]
    [InlineData("train")]
    [InlineData("flow/0000/0001")]
    [InlineData("stylize/0123/0045/15")]
    public void KeysParseBackToTheSameId(string key) => Assert.Equal(key, TaskId.Parse(Job, key).Key);

    [Theory]
    [InlineData("stylize/0001/0002")]
    [InlineData("flow/a/1")]
    [InlineData("stylize/0001/0002/00")]
    [InlineData("render")]
    public void MalformedKeysAreRejected(string key) => Assert.Throws<FormatException>(() => TaskId.Parse(Job, key));

    [Fact]
    public void IdsOrderByKindThenShotSegmentPass()
    {
        var ids = new[]
        {
            TaskId.Encode(Job), TaskId.Stylize(Job, 0, 1, 1), TaskId.Stylize(Job, 0, 0, 2), TaskId.Flow(Job, 1, 0),
            TaskId.Stylize(Job, 0, 0, 1), TaskId.Plan(Job), TaskId.Flow(Job, 0, 0),
        };
        Assert.Equal(
            ["plan", "flow/0000/0000", "flow/0001/0000", "stylize/0000/0000/01", "stylize/0000/0000/02", "stylize/0000/0001/01", "encode"],
            ids.Order().Select(i => i.Key));
    }

    [Fact]
    public void OnlyFlowAndStylizeTasksNameASegment()
    {
        Assert.Equal(new SegmentRef(Job, 2, 5), TaskId.Stylize(Job, 2, 5, 3).SegmentRef);
        Assert.Equal(new SegmentRef(Job, 2, 5), TaskId.Flow(Job, 2, 5).SegmentRef);
        Assert.Null(TaskId.Plan(Job).SegmentRef);
        Assert.Null(TaskId.Encode(Job).SegmentRef);
    }
}
