using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// The initial weights of a network, drawn as PyTorch draws them by default but from a generator of their own:
/// convolution weights and biases uniform in ±1/√fan_in (kaiming_uniform with a = √5), instance-normalisation scales 1
/// and shifts 0. Each tensor depends only on the seed and its name (System.Random's seeded algorithm is the same on every
/// platform), so training starts from the same weights whatever else the process does with torch's shared generator.
/// </summary>
public static class SeededInitialization
{
    /// <summary>Overwrites every parameter of <paramref name="module"/> with its seeded initial value.</summary>
    public static void Apply(nn.Module module, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(module);
        var parameters = module.named_parameters().ToList();
        // A convolution's bias takes its weight's fan-in: in·kernel·kernel.
        var fanIn = parameters.Where(p => p.parameter.dim() == 4)
            .ToDictionary(p => Owner(p.name), p => p.parameter.shape[1] * p.parameter.shape[2] * p.parameter.shape[3], StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            var count = checked((int)parameter.numel());
            var values = new float[count];
            if (fanIn.TryGetValue(Owner(name), out var fan))
            {
                var bound = 1.0 / Math.Sqrt(fan);
                var random = new Random(unchecked((int)(Fnv1a(name) ^ seed ^ (seed >> 32))));
                for (var i = 0; i < count; i++) values[i] = (float)((2 * random.NextDouble() - 1) * bound);
            }
            else if (name.EndsWith(".weight", StringComparison.Ordinal)) Array.Fill(values, 1f); // instance-norm scale
            using var host = tensor(values, parameter.shape);
            parameter.copy_(host);
        }
    }

    private static string Owner(string name) => name[..name.LastIndexOf('.')];

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
}
