using System.Runtime.InteropServices;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class AutogradTests
{
    [Fact]
    public void GradientOfAPolynomialMatchesItsDerivative()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f, -1f }, requires_grad: true);
        Assert.Null(x.grad);

        // f = Σ 3x² + 2x, so ∂f/∂x = 6x + 2.
        (x.pow(2) * 3 + x * 2).sum().backward();

        TensorAssert.Equal([3], [8, 14, -4], x.grad!);
    }

    [Fact]
    public void GradientsOfATwoInputExpressionMatchTheAnalyticOnes()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 2.0, 3.0 }, requires_grad: true);
        var b = tensor(new[] { 0.5, -1.0 }, requires_grad: true);

        // f = Σ exp(b)·a³ + a/b: ∂f/∂a = 3a²·exp(b) + 1/b, ∂f/∂b = a³·exp(b) − a/b².
        (b.exp() * a.pow(3) + a / b).sum().backward();

        TensorAssert.Close([3 * 4 * Math.Exp(0.5) + 2, 3 * 9 * Math.Exp(-1) - 1], a.grad!.data<double>().ToArray(), 1e-12);
        TensorAssert.Close([8 * Math.Exp(0.5) - 8, 27 * Math.Exp(-1) - 3], b.grad!.data<double>().ToArray(), 1e-12);
    }

    [Fact]
    public void GradientsAccumulateUntilZeroedOrCleared()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f }, requires_grad: true);
        (x * 3).sum().backward();
        (x * 3).sum().backward();
        TensorAssert.Equal([2], [6, 6], x.grad!);

        x.grad!.zero_();
        TensorAssert.Equal([2], [0, 0], x.grad!);

        x.grad = null;
        Assert.Null(x.grad);
        (x * x).sum().backward();
        TensorAssert.Equal([2], [2, 4], x.grad!);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientWeightsEachOutput()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f, 3f }, requires_grad: true);
        var y = x * x;
        y.backward([tensor(new[] { 1f, 0.5f, -1f })]);
        TensorAssert.Equal([3], [2, 2, -6], x.grad!);
    }

    [Fact]
    public void NonLeafTensorsTrackButHoldNoGradUnlessRetained()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        var y = x * 2;
        var z = y * y;
        z.retain_grad();
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        z.sum().backward();
        Assert.Null(y.grad);
        TensorAssert.Equal([2], [1, 1], z.grad!);
        TensorAssert.Equal([2], [8, 8], x.grad!);
    }

    [Fact]
    public void NoGradStopsRecordingAndRestoresThePreviousMode()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        Assert.True(is_grad_enabled());
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (enable_grad()) Assert.True((x * 2).requires_grad);
            Assert.False(is_grad_enabled());
        }
        Assert.True(is_grad_enabled());
        Assert.True((x * 2).requires_grad);
        Assert.False((x * 2).detach().requires_grad);
    }

    [Fact]
    public void BackwardFromANonScalarWithoutAGradientRaisesLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        var error = Assert.Throws<ExternalException>(() => (x * 2).backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", error.Message);
    }

    [Fact]
    public void ASecondBackwardNeedsRetainGraph()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        var loss = x.exp().sum();
        loss.backward(retain_graph: true);
        loss.backward();
        Assert.Throws<ExternalException>(() => loss.backward());
        TensorAssert.Close([2 * (float)Math.E, 2 * (float)Math.E], x.grad!, 1e-6);
    }

    [Fact]
    public void Conv2dGradientsMatchCentralFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var input = randn([1, 2, 4, 4], float64, requires_grad: true);
        var weight = randn([3, 2, 3, 3], float64, requires_grad: true);
        var bias = randn([3], float64, requires_grad: true);
        Tensor Loss() => F.conv2d(input, weight, bias, padding: [1]).tanh().pow(2).sum();

        Loss().backward();

        AssertMatchesFiniteDifferences(weight, Loss);
        AssertMatchesFiniteDifferences(input, Loss);
        AssertMatchesFiniteDifferences(bias, Loss);
    }

    // Checks every element of p.grad against (L(p + h) − L(p − h)) / 2h.
    private static void AssertMatchesFiniteDifferences(Tensor p, Func<Tensor> loss)
    {
        const double h = 1e-6;
        var analytic = p.grad!.data<double>().ToArray();
        var values = p.detach().data<double>().ToArray();
        var numeric = new double[values.Length];
        using (no_grad())
        {
            var flat = p.detach().view(-1);
            for (var i = 0; i < values.Length; i++)
            {
                var element = flat.narrow(0, i, 1);
                element.fill_(values[i] + h);
                var plus = loss().item<double>();
                element.fill_(values[i] - h);
                var minus = loss().item<double>();
                element.fill_(values[i]);
                numeric[i] = (plus - minus) / (2 * h);
            }
        }
        TensorAssert.Close(numeric, analytic, 1e-6);
    }
}
