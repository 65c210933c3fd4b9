using System.Collections.Concurrent;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Flow;

/// <summary>The opencv-doc sample photos, each decoded once per test class that shares this fixture.</summary>
public sealed class PhotoLibrary
{
    public const string Folder = "/usr/share/doc/opencv-doc/examples/data";

    private readonly ConcurrentDictionary<string, Lazy<RgbFrame>> _photos = new();

    public RgbFrame Get(string name) =>
        _photos.GetOrAdd(name, n => new Lazy<RgbFrame>(() => ImageFile.Read(Path.Combine(Folder, n)))).Value;
}
