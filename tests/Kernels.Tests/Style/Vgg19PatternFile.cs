using System.Diagnostics;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Tests.Models;

namespace StyleFarm.Kernels.Tests.Style;

/// <summary>
/// A full-size VGG-19 safetensors file (every tensor up to relu5_1) written once per test class: features.0
/// holds a known pattern, every other tensor is zeros (streamed, so writing stays cheap).
/// </summary>
public sealed class Vgg19PatternFile : IDisposable
{
    private readonly TempFolder _folder = new();

    public Vgg19PatternFile()
    {
        var stopwatch = Stopwatch.StartNew();
        var writer = new SafeTensorsWriter();
        foreach (var required in Vgg19Layout.Features.RequiredTensors)
        {
            if (required.Name == "features.0.weight") writer.Add(required.Name, required.Shape, FirstWeights);
            else if (required.Name == "features.0.bias") writer.Add(required.Name, required.Shape, FirstBiases);
            else writer.AddZeros(required.Name, SafeTensorsDType.F32, required.Shape);
        }
        Path = _folder.File("vgg19-pattern.safetensors");
        writer.Write(Path);
        WriteTime = stopwatch.Elapsed;
        Bytes = new FileInfo(Path).Length;
    }

    /// <summary>features.0.weight [64, 3, 3, 3]: ((o·27 + i·9 + ky·3 + kx) mod 7 − 3) / 8, exact in float32.</summary>
    public static float[] FirstWeights { get; } = Enumerable.Range(0, 64 * 27).Select(k => (k % 7 - 3) / 8f).ToArray();

    /// <summary>features.0.bias [64]: (o mod 5 − 2) / 10.</summary>
    public static float[] FirstBiases { get; } = Enumerable.Range(0, 64).Select(o => (o % 5 - 2) / 10f).ToArray();

    public string Path { get; }

    public TimeSpan WriteTime { get; }

    public long Bytes { get; }

    public void Dispose() => _folder.Dispose();
}
