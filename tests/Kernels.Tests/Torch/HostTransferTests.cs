using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class HostTransferTests
{
    [Fact]
    public void Uint8HwcRgbBecomesFloatNchwAndComesBackUnchanged()
    {
        const int width = 3, height = 2;
        var pixels = Enumerable.Range(0, width * height * 3).Select(i => (byte)(i * 13 % 256)).ToArray();
        using var scope = NewDisposeScope();

        var hwc = tensor(pixels, [height, width, 3]);
        var nchw = hwc.permute(2, 0, 1).unsqueeze(0).to_type(float32).div(255);

        Assert.Equal(new long[] { 1, 3, height, width }, nchw.shape);
        var values = nchw.data<float>().ToArray();
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            Assert.Equal(pixels[(y * width + x) * 3 + c] / 255f, values[(c * height + y) * width + x]);

        var back = nchw.mul(255).round().clamp(0, 255).to_type(uint8).squeeze(0).permute(1, 2, 0).contiguous();
        Assert.Equal(ScalarType.Byte, back.dtype);
        Assert.Equal(pixels, back.data<byte>().ToArray());
    }

    [Fact]
    public void EveryHostElementTypeRoundTrips()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new[] { 1.5f, -2f, 3.25f, 0f }, tensor(new[] { 1.5f, -2f, 3.25f, 0f }, [2, 2]).data<float>().ToArray());
        Assert.Equal(new[] { Math.PI, -1e300 }, tensor(new[] { Math.PI, -1e300 }).data<double>().ToArray());
        Assert.Equal(new[] { long.MaxValue, -7L }, tensor(new[] { long.MaxValue, -7L }).data<long>().ToArray());
        Assert.Equal(new[] { int.MinValue, 5 }, tensor(new[] { int.MinValue, 5 }).data<int>().ToArray());
        Assert.Equal(new[] { true, false, true }, tensor(new[] { true, false, true }).data<bool>().ToArray());
        Assert.Equal(ScalarType.Int64, tensor(new[] { 1L }).dtype);
        Assert.Equal(ScalarType.Bool, tensor(new[] { true }).dtype);
    }

    [Fact]
    public void DtypeArgumentConvertsTheHostData()
    {
        using var scope = NewDisposeScope();
        var t = tensor(new byte[] { 0, 128, 255 }, dtype: float32);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new[] { 0f, 128f, 255f }, t.data<float>().ToArray());
    }

    [Fact]
    public void ScalarTensorsHaveNoDimensionsAndOneItem()
    {
        using var scope = NewDisposeScope();
        var f = tensor(2.5f);
        Assert.Empty(f.shape);
        Assert.Equal(2.5f, f.item<float>());
        Assert.Equal(7L, tensor(7L).item<long>());
        Assert.Equal(0.1, tensor(0.1).item<double>());
    }





    [Fact]
    public void DataOfANonContiguousViewIsInLogicalRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        var t = tensor(new[] { 1f, 2, 3, 4, 5, 6 }, [2, 3]).t();
        Assert.Equal(new[] { 1f, 4, 2, 5, 3, 6 }, t.data<float>().ToArray());
    }
}
