using StyleFarm.Kernels.Optim;
using StyleFarm.Kernels.Tests.Torch;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>Counts live native tensors, so it runs alone (the collection of the binding's disposal tests).</summary>
[Collection(nameof(LiveTensorCountCollection))]
public class OptimizerMemoryTests
{
    private const int N = 16;

    [Theory]
    [InlineData(3, 30)]
    [InlineData(100, 150)]
    public void LbfgsKeepsTheLiveTensorCountFlatAcrossIterationsAndFreesEverythingAtTheEnd(int history, int iterations)
    {
        // A target that moves every evaluation keeps L-BFGS busy and its history filling and wrapping round.
        using var weights = linspace(1, 2, N, ScalarType.Float64).DetachFromDisposeScope();
        using var x = zeros([N], ScalarType.Float64, requires_grad: true);
        var evaluation = 0;
        Tensor MovingQuadratic(Tensor point)
        {
            evaluation++;
            var target = full([N], Math.Sin(0.3 * evaluation), ScalarType.Float64);
            var loss = (weights * (point - target).square()).sum();
            loss.backward();
            return loss;
        }
        var counts = new List<long>();
        var options = new LbfgsOptions
        {
            MaxIterations = iterations,
            History = history,
            ToleranceGrad = 0,
            ToleranceChange = 0,
            RelativeTolerance = null,
        };
        var before = StableLiveCount();

        var result = new Lbfgs(options).Optimize(x, MovingQuadratic, new SynchronousProgress(_ => counts.Add(LiveTensors.Count)));

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal(iterations, counts.Count);
        Assert.All(counts, count => Assert.Equal(counts[0], count));
        Assert.Equal(before, LiveTensors.Count);
    }

    [Fact]
    public void AdamKeepsTheLiveTensorCountFlatAcrossSteps()
    {
        using var x = zeros([N], ScalarType.Float64, requires_grad: true);
        var counts = new List<long>();
        var before = StableLiveCount();

        Adam.Optimize(x, point =>
        {
            var loss = (point - 3).square().sum();
            loss.backward();
            return loss;
        }, 25, progress: new SynchronousProgress(_ => counts.Add(LiveTensors.Count)));

        Assert.Equal(25, counts.Count);
        Assert.All(counts, count => Assert.Equal(counts[0], count));
        Assert.Equal(before, LiveTensors.Count);
    }

    // Tensors other tests left to the finalizer would otherwise be freed in the middle of a count.
    private static long StableLiveCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return LiveTensors.Count;
    }
}
