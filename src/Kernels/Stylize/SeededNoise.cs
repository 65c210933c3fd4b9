using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The random init: the mean pixel plus Gaussian noise of standard deviation <see cref="Sigma"/>, clipped to [0,1],
/// drawn from a generator seeded by the job's seed, the pass and the frame, so a frame gets the same noise on every
/// silo and in every attempt, whatever else runs in the process (torch's global generator is shared).
/// </summary>
/// <remarks>
/// Not the reference's noise × 0.001 (ALGORITHMS.md §1): a nearly constant image is a saddle of the style energy.
/// Its feature maps are nearly constant, so the gradient towards any texture is proportional to the noise: measured at
/// 96×72 (starry_night.jpg on fruits.jpg, the seeded random VGG-19), ‖∂E/∂x‖₁ is 1.66 at σ = 0.001, 10.5 at 0.01, 62 at
/// 0.1 and 184 from the content frame. L-BFGS's first step is scaled by 1/‖g‖₁ and its first curvature pairs see a
/// plateau, so with σ = 0.001 (and still with 0.01–0.05) it sat at the start's loss for 40–130 iterations and the
/// relative-loss stop ended the preview and balanced presets there: a flat grey frame. With σ = 0.2 the loss fell
/// 35–357× within the preview's 40 iterations on every photo, painting and seed tried (3 photos × 2 paintings × 3 seeds),
/// with per-channel contrast 0.84–0.99× a content-initialised frame's; σ = 0.3 overshot on some seeds.
/// </remarks>
public static class SeededNoise
{
    /// <summary>The noise's standard deviation in [0,1] pixel units: 0.2 (see the remarks).</summary>
    public const float Sigma = 0.2f;

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
        return ((p.device.type == DeviceType.CPU ? noise : noise.to(p.device)) * Sigma + mean).clamp(0f, 1f).MoveToOuterDisposeScope();
    }
}
