using StyleFarm.Kernels.Temporal;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Temporal;

public sealed class TemporalErrorTests
{
    [Fact]
    public void AFrameThatMovesExactlyWithTheFlowHasZeroError()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var previous = rand([1, 3, 8, 10]);
        var flow = zeros([1, 8, 10, 2]);
        flow.narrow(3, 0, 1).fill_(1f); // content moves 1 px right from t−1 to t
        var current = zeros([1, 3, 8, 10]);
        current.narrow(3, 1, 9).copy_(previous.narrow(3, 0, 9));
        var visible = ones([1, 1, 8, 10]);
        visible.narrow(3, 9, 1).zero_(); // the last column leaves the frame

        Assert.InRange(TemporalError.Compute(previous, current, flow, visible), 0, 1e-10);
    }

    [Fact]
    public void ErrorIsTheMeanSquaredDifferenceOverVisiblePixelsOnly()
    {
        using var scope = NewDisposeScope();
        var previous = zeros([1, 3, 4, 4]);
        var current = full([1, 3, 4, 4], 0.5f);
        current.narrow(3, 0, 2).fill_(0.1f); // left half differs by 0.1, right half by 0.5
        var visible = zeros([1, 1, 4, 4]);
        visible.narrow(3, 0, 2).fill_(1f);   // only the left half counts

        Assert.Equal(0.01, TemporalError.Compute(previous, current, zeros([1, 4, 4, 2]), visible), 6);
    }
}
