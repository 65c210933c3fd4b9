namespace StyleFarm.Kernels.Models;

/// <summary>
/// A seeded random-weight stand-in for a feature network, used when no weights are installed
/// (texture synthesis with random filters works, at lower quality). Initialised as torchvision
/// initialises VGG: conv weights ~ N(0, 2 / fan_out) with fan_out = out·3·3 (Kaiming, ReLU), biases 0.
/// Each tensor depends only on the seed and its name, on every machine and .NET version.
/// </summary>
public sealed class RandomFeatureWeights(FeatureNetworkLayout layout, ulong seed, string reason) : IFeatureWeights
{
    public FeatureNetworkLayout Layout { get; } = layout;

    /// <summary>The seed every tensor is drawn from.</summary>
    public ulong Seed { get; } = seed;

    public bool IsRandom => true;

    public string Description => $"seeded random {Layout.ModelName} weights (seed {Seed}): {reason}; results will be of lower quality";

    public float[] Read(string name)
    {
        var required = Layout.RequiredTensors.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"'{name}' is not a tensor {Layout.ModelName} needs up to {Layout.DeepestLayer.Name}", nameof(name));
        var values = new float[TensorShape.ElementCount(required.Shape)];
        if (required.Shape.Count == 1) return values; // a bias
        var fanOut = required.Shape[0] * required.Shape[2] * required.Shape[3];
        var std = Math.Sqrt(2.0 / fanOut);
        var random = new SplitMix64(Seed ^ Fnv1a(name));
        for (var i = 0; i < values.Length; i += 2)
        {
            // Box–Muller: two uniforms in (0, 1] give two independent standard normals.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1)) * std;
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
        return values;
    }

    public void Dispose() { }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Vigna's SplitMix64: tiny, fast, and fixed forever, unlike System.Random's algorithm.</summary>
    private sealed class SplitMix64(ulong state)
    {
        private ulong _state = state;

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
