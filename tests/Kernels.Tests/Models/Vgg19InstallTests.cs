using System.Diagnostics;
using StyleFarm.Kernels.Models;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Models;

public sealed class Vgg19InstallTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FullShapeTorchvisionVgg19FileInstallsAndEveryRequiredTensorReads()
    {
        // Every conv of torchvision's vgg19.features (0 … 34, beyond relu5_1 too) plus a classifier
        // tensor, as zeros: the real key names and shapes at the real size.
        var clock = Stopwatch.StartNew();
        var source = _folder.File("vgg19.safetensors");
        var writer = new SafeTensorsWriter();
        foreach (var conv in Vgg19Layout.Features.Layers.Where(l => l.Kind == FeatureLayerKind.Conv))
            writer.AddZeros(conv.WeightKey, SafeTensorsDType.F32, conv.WeightShape).AddZeros(conv.BiasKey, SafeTensorsDType.F32, conv.BiasShape);
        writer.AddZeros("classifier.6.bias", SafeTensorsDType.F32, [1000]);
        writer.Write(source);
        var written = clock.Elapsed;

        using var http = new HttpClient();
        var store = new ModelStore(new ModelStoreOptions { Folder = _folder.File("models") }, ModelCatalog.Default, http);
        var result = await store.InstallAsync("vgg19", source);
        var installed = clock.Elapsed - written;
        output.WriteLine($"wrote {new FileInfo(source).Length} bytes in {written.TotalSeconds:F2} s; installed in {installed.TotalSeconds:F2} s");

        Assert.Equal(FileHash.Sha256(source), result.Sha256);
        Assert.Equal(80_097_536 + 4_000 + 8 + HeaderBytes(source), result.Bytes);
        using var weights = store.OpenWeights("vgg19", randomSeed: 0);
        Assert.False(weights.IsRandom);
        Assert.Equal(512 * 512 * 9, weights.Read("features.28.weight").Length);
    }

    private static long HeaderBytes(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        return file.DataStart - 8;
    }
}
