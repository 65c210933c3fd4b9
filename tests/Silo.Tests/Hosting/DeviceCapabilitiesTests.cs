using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Hosting;

/// <summary>A worker's device becomes what the farm sees of it: a cuda:N worker offers one GPU with its memory.</summary>
public sealed class DeviceCapabilitiesTests
{
    private const long Host = 64L << 30;

    [Fact]
    public void ACpuWorkerOffersNoGpu() =>
        Assert.Equal(new WorkerCapabilities(0, 0, Host), DeviceCapabilities.For("cpu", null, Host, _ => throw new InvalidOperationException("no GPU to ask")));

    [Fact]
    public void ACudaWorkerOffersOneGpuWithTheMemoryNvidiaSmiReportsOrTheGivenOne()
    {
        var asked = new List<int>();
        var probed = DeviceCapabilities.For("cuda:1", null, Host, i => { asked.Add(i); return 80L << 30; });
        var given = DeviceCapabilities.For("cuda:0", 24L << 30, Host, _ => throw new InvalidOperationException("given: not asked"));

        Assert.Equal(new WorkerCapabilities(1, 80L << 30, Host), probed);
        Assert.Equal([1], asked);
        Assert.Equal(new WorkerCapabilities(1, 24L << 30, Host), given);
    }

    [Theory]
    [InlineData("cuda:0", null, "give --gpu-memory SIZE")]
    [InlineData("cuda", null, "give cpu or cuda:N")]
    [InlineData("gpu0", null, "give cpu or cuda:N")]
    [InlineData("cpu", 1024L, "applies to a cuda:N device")]
    public void ADeviceThatCannotBeDescribedIsRefusedWithWhatToGive(string device, long? memory, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceCapabilities.For(device, memory, Host, _ => null));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void WithoutNvidiaSmiTheProbeSaysItDoesNotKnow()
    {
        if (File.Exists("/usr/bin/nvidia-smi")) return; // a GPU machine answers; this one has none
        Assert.Null(DeviceCapabilities.NvidiaSmi(0));
    }
}
