using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>The terms of <see cref="VideoLoss"/>, each already weighted (0-dim tensors, owned by the caller's scope).</summary>
/// <param name="Content">α·L_content.</param>
/// <param name="Style">β·L_style.</param>
/// <param name="Temporal">γ·L_temporal (0 without a prior).</param>
/// <param name="TotalVariation">λ_tv·L_tv.</param>
/// <param name="Total">Their sum, the value training minimises.</param>
public sealed record VideoLossTerms(Tensor Content, Tensor Style, Tensor Temporal, Tensor TotalVariation, Tensor Total);
