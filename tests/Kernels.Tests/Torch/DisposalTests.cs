using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

/// <summary>Counts live native tensors, so it must not run beside other tests that make tensors.</summary>
[CollectionDefinition(nameof(LiveTensorCountCollection), DisableParallelization = true)]
public class LiveTensorCountCollection;

[Collection(nameof(LiveTensorCountCollection))]
public class DisposalTests
{

    [Fact]
    public void ADisposeScopeFreesEveryIntermediateItsThreadCreated()
    {
        var before = StableLiveCount();
        float result;
        using (NewDisposeScope())
        {
            var x = ones([4, 4], requires_grad: true);
            var loss = ((x * 3).exp() + 1).log().sum();
            loss.backward();
            result = x.grad!.sum().item<float>();
            Assert.True(LiveCountNow() > before + 5);
        }
        Assert.Equal(before, LiveCountNow());
        Assert.True(result > 0);
    }


    [Fact]
    public void MovedTensorsOutliveTheInnerScopeAndDieWithTheOuter()
    {
        var before = StableLiveCount();
        Tensor kept;
        using (var outer = NewDisposeScope())
        {
            using (var inner = NewDisposeScope())
            {
                var a = ones([2]);
                kept = (a + 1).MoveToOuterDisposeScope();
                Assert.Equal(1, inner.DisposablesCount);
                
            }
            Assert.False(kept.IsInvalid);
            Assert.Equal(new[] { 2f, 2f }, kept.data<float>().ToArray());
            Assert.Equal(1, outer.DisposablesCount);
            Assert.Equal(before + 1, LiveCountNow());
        }
        Assert.True(kept.IsInvalid);
        Assert.Equal(before, LiveCountNow());
    }

    [Fact]
    public void DetachedTensorsSurviveEveryScopeUntilDisposed()
    {
        var before = StableLiveCount();
        Tensor survivor;
        using (NewDisposeScope())
        {
            survivor = (ones([3]) * 4).DetachFromDisposeScope();
            // Moving out of the only scope detaches too.
            using var alsoKept = zeros([1]).MoveToOuterDisposeScope();
        }
        Assert.Equal(new[] { 4f, 4f, 4f }, survivor.data<float>().ToArray());
        Assert.Equal(before + 1, LiveCountNow());
        survivor.Dispose();
        Assert.Equal(before, LiveCountNow());
    }

    [Fact]
    public void DisposeEverythingButKeepsTheOptimiserStateInTheScope()
    {
        using var scope = NewDisposeScope();
        var state = zeros([2]);
        for (var step = 0; step < 3; step++)
        {
            var update = ones([2]) * 0.5;
            state.add_(update);
            scope.DisposeEverythingBut(state);
            Assert.Equal(1, scope.DisposablesCount);
        }
        Assert.Equal(new[] { 1.5f, 1.5f }, state.data<float>().ToArray());
    }

    [Fact]
    public void AnAliasIsDisposedIndependentlyButSharesValues()
    {
        using var x = zeros([2]);
        var alias = x.alias();
        alias.fill_(4);
        alias.Dispose();
        Assert.True(alias.IsInvalid);
        Assert.Equal(new[] { 4f, 4f }, x.data<float>().ToArray());
    }

    [Fact]
    public void TensorsMadeOutsideAnyScopeAreLeftAlone()
    {
        var outside = ones([1]);
        using (NewDisposeScope()) _ = outside + 1;
        Assert.False(outside.IsInvalid);
        outside.Dispose();
    }

    // Tensors other tests left to the finalizer would otherwise be freed in the middle of a count.
    private static long StableLiveCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return LiveCountNow();
    }

    private static long LiveCountNow() => LiveTensors.Count;
}
