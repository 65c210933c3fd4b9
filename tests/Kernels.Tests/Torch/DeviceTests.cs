using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class DeviceTests
{
    [Fact]
    public void DevicesParseAndPrintAsTorchWritesThem()
    {
        Assert.Equal(CPU, device("cpu"));
        Assert.Equal(new Device(DeviceType.CUDA, 1), device("CUDA:1"));
        Assert.Equal("cuda:1", device("cuda:1").ToString());
        Assert.Equal("cuda", CUDA.ToString());
        Assert.Equal(-1, CUDA.index);
        Assert.Equal(DeviceType.CPU, device("cpu:0").type);
        Assert.Contains("\"gpu\"", Assert.Throws<ArgumentException>(() => device("gpu")).Message);
        Assert.Throws<ArgumentException>(() => device("cuda:x"));
    }

    [Fact]
    public void TensorsAreMadeOnTheCpuByDefault()
    {
        using var x = zeros([1]);
        Assert.Equal(CPU, x.device);
        Assert.Equal(DeviceType.CPU, x.device_type);
        using var same = x.to(CPU);
        Assert.Equal(CPU, same.device);
        using var copy = x.cpu();
        Assert.Equal(new[] { 0f }, copy.data<float>());
    }

    [Fact]
    public void CudaIsNotAvailableFromTheCpuOnlyLibtorch()
    {
        Assert.False(cuda.is_available());
        Assert.Equal(0, cuda.device_count());
    }

    [Fact]
    public void MovingToCudaWithoutCudaRaisesAClearNativeException()
    {
        using var x = zeros([2]);
        var error = Assert.Throws<NativeException>(() => x.to(device("cuda:0")));
        Assert.Equal("to", error.Operation);
        Assert.Contains("cuda:0", error.NativeMessage);
        Assert.Contains("without CUDA", error.NativeMessage);
        Assert.Throws<NativeException>(() => zeros([2], device: CUDA));
        Assert.Throws<NativeException>(() => x.cuda());
        Assert.Throws<NativeException>(() => tensor(new[] { 1f }, device: CUDA));
    }

    [Fact]
    public void ConvertingDtypeKeepsValues()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.75f, -2.5f });
        Assert.Equal(new[] { 1.75, -2.5 }, x.to_type(float64).data<double>());
        Assert.Equal(new[] { 1L, -2L }, x.@long().data<long>());
        Assert.Equal(new[] { 1, -2 }, x.@int().data<int>());
        Assert.Equal(new[] { true, true }, x.@bool().data<bool>());
        Assert.Equal(ScalarType.Float64, x.to(float64, CPU).dtype);
        Assert.Equal(ScalarType.Float32, x.@double().@float().dtype);
    }

    [Fact]
    public void ThreadCountCanBeSetAndReadBack()
    {
        var original = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.Equal(1, get_num_threads());
            Assert.Throws<NativeException>(() => set_num_threads(0));
        }
        finally
        {
            set_num_threads(original);
        }
        Assert.Equal(original, get_num_threads());
    }

    [Fact]
    public void ThreadCountSetOnOneThreadAppliesToCallsFromOthers()
    {
        var original = get_num_threads();
        var seenElsewhere = 0;
        try
        {
            // Neither the default (the core count) nor the original: a value only this call can produce.
            set_num_threads(original + 3);
            var other = new Thread(() => seenElsewhere = get_num_threads());
            other.Start();
            other.Join();
        }
        finally
        {
            set_num_threads(original);
        }
        Assert.Equal(original + 3, seenElsewhere);
    }
}
