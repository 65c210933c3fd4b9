using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class DeviceTests
{


    [Fact]
    public void CudaIsNotAvailableFromTheCpuOnlyLibtorch()
    {
        Assert.False(cuda.is_available());
        Assert.Equal(0, cuda.device_count());
    }


    [Fact]
    public void ConvertingDtypeKeepsValues()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.75f, -2.5f });
        Assert.Equal(new[] { 1.75, -2.5 }, x.to_type(float64).data<double>().ToArray());
        Assert.Equal(new[] { 1L, -2L }, x.@long().data<long>().ToArray());
        Assert.Equal(new[] { 1, -2 }, x.@int().data<int>().ToArray());
        Assert.Equal(new[] { true, true }, x.@bool().data<bool>().ToArray());
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
