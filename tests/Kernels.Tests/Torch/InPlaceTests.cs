using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class InPlaceTests
{
    [Fact]
    public void AddAndSubWithAlphaUpdateTheTensorAndReturnIt()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f });
        var y = tensor(new[] { 10f, 20f });
        Assert.Same(x, x.add_(y, 0.5));
        TensorAssert.Equal([2], [6, 12], x);
        x.sub_(y.mul(0.25));
        TensorAssert.Equal([2], [3.5f, 7], x);
        x.add_(y);
        TensorAssert.Equal([2], [13.5f, 27], x);
        x.add_(0.5).sub_(1);
        TensorAssert.Equal([2], [13, 26.5f], x);
    }

    [Fact]
    public void MulAndDivTakeTensorsAndScalars()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 2f, 4f });
        x.mul_(tensor(new[] { 3f, 0.5f })).mul_(2);
        TensorAssert.Equal([2], [12, 4], x);
        x.div_(tensor(new[] { 4f, 8f })).div_(0.5);
        TensorAssert.Equal([2], [6, 1], x);
    }

    [Fact]
    public void AddcmulAndAddcdivAreAdamsUpdates()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 1f });
        var a = tensor(new[] { 2f, 3f });
        var b = tensor(new[] { 4f, 6f });
        x.addcmul_(a, b, 0.5);
        TensorAssert.Equal([2], [5, 10], x);
        x.addcdiv_(b, a, -1);
        TensorAssert.Equal([2], [3, 8], x);
        x.addcmul_(a, a, 1);
        TensorAssert.Equal([2], [7, 17], x);
    }

    [Fact]
    public void CopyZeroFillAndClampOverwriteValues()
    {
        using var scope = NewDisposeScope();
        var x = zeros([2, 2]);
        x.copy_(tensor(new[] { 1f, -2f }));
        TensorAssert.Equal([2, 2], [1, -2, 1, -2], x);
        x.clamp_(-1, 0.5);
        TensorAssert.Equal([2, 2], [0.5f, -1, 0.5f, -1], x);
        x.clamp_(min: 0);
        TensorAssert.Equal([2, 2], [0.5f, 0, 0.5f, 0], x);
        x.fill_(3);
        TensorAssert.Equal([2, 2], [3, 3, 3, 3], x);
        x.zero_();
        TensorAssert.Equal([2, 2], [0, 0, 0, 0], x);
    }

    [Fact]
    public void InPlaceUnaryFunctionsUpdateValues()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 4f, -9f });
        x.abs_().sqrt_().neg_();
        TensorAssert.Equal([2], [-2, -3], x);
        x.relu_();
        TensorAssert.Equal([2], [0, 0], x);
    }

    [Fact]
    public void InPlaceChangesAreSeenThroughViews()
    {
        using var scope = NewDisposeScope();
        var x = zeros([2, 2]);
        var row = x.narrow(0, 1, 1);
        row.fill_(5);
        TensorAssert.Equal([2, 2], [0, 0, 5, 5], x);
    }

    [Fact]
    public void InPlaceOnALeafThatRequiresGradRaisesLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        var error = Assert.Throws<ExternalException>(() => x.add_(1));
        Assert.Contains("a leaf Variable that requires grad", error.Message);
        using (no_grad()) x.add_(1);
        TensorAssert.Equal([2], [2, 2], x.detach());
    }
}
