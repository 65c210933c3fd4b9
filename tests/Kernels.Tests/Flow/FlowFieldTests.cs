using StyleFarm.Kernels.Flow;

namespace StyleFarm.Kernels.Tests.Flow;

public sealed class FlowFieldTests
{
    [Fact]
    public void Data_IsRowMajorWithUAndVInterleaved()
    {
        var flow = new FlowField(3, 2);

        flow.Set(2, 1, 7.5f, -0.25f);

        // Pixel (2, 1) of a 3-wide field is pixel 5: u at 10, v at 11 — the [H, W, 2] tensor layout.
        Assert.Equal(7.5f, flow.Data[10]);
        Assert.Equal(-0.25f, flow.Data[11]);
        Assert.Equal(7.5f, flow.U(2, 1));
        Assert.Equal(-0.25f, flow.V(2, 1));
        Assert.Equal(10, flow.Data.Count(value => value == 0));
    }

    [Fact]
    public void Uniform_GivesEveryPixelTheSameVector()
    {
        var flow = FlowField.Uniform(4, 3, 1.5f, -2f);

        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++) Assert.Equal((1.5f, -2f), (flow.U(x, y), flow.V(x, y)));
        }
    }

    [Fact]
    public void Constructor_WrapsTheGivenArrayWithoutCopying()
    {
        var data = new float[2 * 2 * 2];

        var flow = new FlowField(2, 2, data);
        data[7] = 3f;

        Assert.Same(data, flow.Data);
        Assert.Equal(3f, flow.V(1, 1));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, -1)]
    public void Constructor_RejectsSizesThatAreNotPositive(int width, int height)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FlowField(width, height));

        Assert.Contains($"{width}x{height}", error.Message);
    }

    [Fact]
    public void Constructor_RejectsAFieldTooLargeForOneArray()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FlowField(100_000, 100_000));

        Assert.Contains("100000x100000", error.Message);
    }

    [Fact]
    public void Constructor_RejectsDataOfTheWrongLength()
    {
        var error = Assert.Throws<ArgumentException>(() => new FlowField(4, 3, new float[23]));

        Assert.Contains("needs 24 floats", error.Message);
        Assert.Contains("got 23", error.Message);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(4, 0)]
    [InlineData(0, 3)]
    public void Indexers_RejectPixelsOutsideTheField(int x, int y)
    {
        var flow = new FlowField(4, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => flow.U(x, y));
    }

    [Theory]
    [InlineData(1e9f, 0f, true)]
    [InlineData(1.0001e9f, 0f, false)]
    [InlineData(0f, -1e10f, false)]
    [InlineData(float.NaN, 0f, false)]
    [InlineData(0f, float.PositiveInfinity, false)]
    public void IsKnown_FollowsMiddleburysUnknownFlowMark(float u, float v, bool known)
    {
        Assert.Equal(known, FlowField.IsKnown(u, v));
    }
}
