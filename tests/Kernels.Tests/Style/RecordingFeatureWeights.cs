using StyleFarm.Kernels.Models;

namespace StyleFarm.Kernels.Tests.Style;

/// <summary>Seeded random weights that remember which tensors were read, in order.</summary>
internal sealed class RecordingFeatureWeights(FeatureNetworkLayout layout, ulong seed) : IFeatureWeights
{
    private readonly RandomFeatureWeights _inner = new(layout, seed, "test");
    private readonly List<string> _read = [];

    public IReadOnlyList<string> ReadNames => _read;

    public FeatureNetworkLayout Layout => _inner.Layout;

    public bool IsRandom => true;

    public string Description => _inner.Description;

    public float[] Read(string name)
    {
        _read.Add(name);
        return _inner.Read(name);
    }

    public void Dispose() => _inner.Dispose();
}
