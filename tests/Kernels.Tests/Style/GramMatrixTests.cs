using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Tests.Torch;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Style;

public class GramMatrixTests
{
    [Fact]
    public void GramOfAKnownFeatureMapIsExact()
    {
        using var scope = NewDisposeScope();
        // Two channels over a 2×2 map: F = [[1, 2, 3, 4], [0, −1, 2, 5]].
        var F = tensor(new float[] { 1, 2, 3, 4, 0, -1, 2, 5 }, [1, 2, 2, 2]);

        TensorAssert.Equal([1, 2, 2], [30, 24, 24, 30], GramMatrix.Compute(F));
        // Normalised by N·M = 2·4.
        TensorAssert.Equal([1, 2, 2], [3.75f, 3, 3, 3.75f], GramMatrix.Normalized(F));
    }

    [Fact]
    public void LargerBatchedFloat32GramsEqualTheExactIntegerSums()
    {
        using var scope = NewDisposeScope();
        const int n = 2, c = 5, h = 16, w = 12;
        var values = Enumerable.Range(0, n * c * h * w).Select(i => (float)(i * 7 % 11 - 5)).ToArray();
        var G = GramMatrix.Compute(tensor(values, [n, c, h, w]));

        var expected = new float[n * c * c];
        for (var b = 0; b < n; b++)
        for (var i = 0; i < c; i++)
        for (var j = 0; j < c; j++)
        {
            long sum = 0;
            for (var k = 0; k < h * w; k++) sum += (long)values[(b * c + i) * h * w + k] * (long)values[(b * c + j) * h * w + k];
            expected[(b * c + i) * c + j] = sum;
        }
        TensorAssert.Equal([n, c, c], expected, G);
    }

    [Fact]
    public void Float32GramGradientAgreesWithTheFloat64Autograd()
    {
        // float32 and float64 take the same path; float32 rounding stays within 1e-5.
        using var scope = NewDisposeScope();
        var values = GradientCheck.Values(2 * 6 * 5 * 7, seed: 3);
        var weights = GradientCheck.Values(2 * 6 * 6, seed: 4);
        var f32 = tensor(values.Select(v => (float)v).ToArray(), [2, 6, 5, 7], requires_grad: true);
        var f64 = tensor(values, [2, 6, 5, 7], requires_grad: true);
        (GramMatrix.Scaled(f32, 0.3) * tensor(weights, [2, 6, 6], dtype: ScalarType.Float32)).sum().backward();
        (GramMatrix.Scaled(f64, 0.3) * tensor(weights, [2, 6, 6])).sum().backward();

        TensorAssert.Close(f64.grad!.data<double>().ToArray(), f32.grad!.to_type(ScalarType.Float64).data<double>().ToArray(), 1e-5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ChannelsLastFeatureMapsGiveTheSameGramAndGradient(int images)
    {
        // The feature network hands channels-last maps to the Gram on the CPU; that path must equal the NCHW one.
        using var scope = NewDisposeScope();
        var values = GradientCheck.Values(images * 6 * 5 * 7, seed: 5);
        var weights = tensor(GradientCheck.Values(images * 6 * 6, seed: 6), [images, 6, 6]);
        var nchw = tensor(values, [images, 6, 5, 7], requires_grad: true);
        var channelsLast = tensor(values, [images, 6, 5, 7]).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).requires_grad_();
        Assert.Equal(1, channelsLast.stride(1));
        var gNchw = GramMatrix.Scaled(nchw, 0.3);
        var gLast = GramMatrix.Scaled(channelsLast, 0.3);
        (gNchw * weights).sum().backward();
        (gLast * weights).sum().backward();

        TensorAssert.Close(gNchw.contiguous().data<double>().ToArray(), gLast.contiguous().data<double>().ToArray(), 1e-12);
        TensorAssert.Close(nchw.grad!.contiguous().data<double>().ToArray(), channelsLast.grad!.contiguous().data<double>().ToArray(), 1e-12);
    }

    [Fact]
    public void GramGradientMatchesFiniteDifferences()
    {
        var weights = GradientCheck.Values(3 * 3, seed: 9);
        GradientCheck.Matches(F =>
        {
            // A non-symmetric weighting, so both uses of F in F·Fᵀ are checked.
            using var G = GramMatrix.Scaled(F, 0.5);
            using var w = tensor(weights, [1, 3, 3]);
            using var weighted = G * w;
            return weighted.sum();
        }, GradientCheck.Values(3 * 2 * 3, seed: 5), [1, 3, 2, 3]);
    }

    [Fact]
    public void FeaturesThatAreNotFourDimensionalAreRejected()
    {
        using var F = zeros([2, 3, 4]);
        var e = Assert.Throws<ArgumentException>(() => GramMatrix.Compute(F));
        Assert.Contains("(N, C, H, W)", e.Message);
        Assert.Contains("[2, 3, 4]", e.Message);
    }

    [Fact]
    public void GramGradientOfOneImageEqualsAutogradOfThePlainProduct()
    {
        // One image takes GramMatrix's mm path (the stylizer's case); autograd of the plain F·Fᵀ is the reference.
        using var scope = NewDisposeScope();
        var values = GradientCheck.Values(1 * 6 * 5 * 7, seed: 6);
        var weights = tensor(GradientCheck.Values(6 * 6, seed: 7), [1, 6, 6]);
        var ours = tensor(values, [1, 6, 5, 7], requires_grad: true);
        var plain = tensor(values, [1, 6, 5, 7], requires_grad: true);
        (GramMatrix.Scaled(ours, 0.25) * weights).sum().backward();
        var flat = plain.reshape(1, 6, 35);
        (matmul(flat, flat.transpose(1, 2)) * 0.25 * weights).sum().backward();

        TensorAssert.Close(plain.grad!.data<double>().ToArray(), ours.grad!.data<double>().ToArray(), 1e-12);
    }
}
