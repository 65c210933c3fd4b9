using StyleFarm.Kernels.Flow;

namespace StyleFarm.Kernels.Tests.Flow;

public sealed class FlowErrorTests
{
    [Fact]
    public void MeanEndPoint_IsTheAverageEuclideanDistanceBetweenVectors()
    {
        var truth = new FlowField(2, 1);
        var estimate = new FlowField(2, 1);
        estimate.Set(0, 0, 3, 4); // 5 px off
        estimate.Set(1, 0, 0, -1); // 1 px off

        Assert.Equal(3.0, FlowError.MeanEndPoint(estimate, truth));
    }

    [Fact]
    public void MeanEndPoint_IgnoresTheBorderAndUnknownGroundTruth()
    {
        var truth = FlowField.Uniform(5, 5, 1, 1);
        var estimate = FlowField.Uniform(5, 5, 1, 1);
        estimate.Set(0, 2, 100, 100); // in the 1-px border
        estimate.Set(1, 1, 9, 9); // ground truth unknown here
        truth.Set(1, 1, float.NaN, 0);
        estimate.Set(2, 2, 1, 4); // 3 px off, inside

        // Inside the border: 3×3 pixels, one unknown, so 8 counted; only one is off, by 3 px.
        Assert.Equal(3.0 / 8, FlowError.MeanEndPoint(estimate, truth, border: 1), 12);
    }

    [Fact]
    public void MeanEndPoint_RejectsFieldsOfDifferentSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => FlowError.MeanEndPoint(new FlowField(4, 4), new FlowField(4, 5)));

        Assert.Contains("4x5", error.Message);
    }

    [Fact]
    public void MeanEndPoint_RejectsABorderThatLeavesNoPixel()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FlowError.MeanEndPoint(new FlowField(8, 8), new FlowField(8, 8), border: 4));
    }
}
