using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The reference's random init (the mean pixel plus Gaussian noise × 0.001, ALGORITHMS.md §1), drawn from
/// a generator seeded by the job's seed, the pass and the frame, so a frame gets the same noise on every
/// silo and in every attempt, whatever else runs in the process (torch's global generator is shared).
/// </summary>
public static class SeededNoise
{
    /// <summary>Noise init shaped and placed like <paramref name="p"/> [1,3,H,W]; the caller owns it.</summary>
    public static Tensor Like(Tensor p, long seed, int pass, int frame)
    {
        var count = checked((int)(p.shape[0] * p.shape[1] * p.shape[2] * p.shape[3]));
        var values = new float[count];
        // System.Random with a seed runs the same algorithm on every platform and .NET version.
        var random = new Random(unchecked((int)(seed * 1_000_003 + pass * 65_537L + frame)));
        for (var i = 0; i < count; i += 2)
        {
            // Box–Muller: two uniforms in (0, 1] give two independent standard normals.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count) values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
        using var scope = NewDisposeScope();
        var mean = tensor([0.485f, 0.456f, 0.406f], [1, 3, 1, 1], device: p.device);
        var noise = tensor(values, p.shape);
        return ((p.device.type == DeviceType.CPU ? noise : noise.to(p.device)) * 0.001f + mean).MoveToOuterDisposeScope();
    }
}
