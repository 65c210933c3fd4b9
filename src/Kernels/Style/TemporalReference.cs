using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// One past frame the output is tied to (Ruder et al. eq. 8 and 11): the stylized frame i−j warped to frame i,
/// ω, and the per-pixel weights c (c^(i−1,i) for the short-term loss, c_long^(i−j,i) of eq. 12 for the
/// long-term one), as the temporal kernels compute them. The caller owns both tensors.
/// </summary>
/// <param name="Warped">ω: (N, 3, H, W), RGB in [0, 1], the output's shape.</param>
/// <param name="Weights">c: (N, 1, H, W) in [0, 1], one weight per pixel shared by the channels.</param>
public sealed record TemporalReference(Tensor Warped, Tensor Weights);
