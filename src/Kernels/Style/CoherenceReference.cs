using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// The previous frame for Wang et al.'s enhanced coherence loss: its stylized output V′ᵢ₋₁ and its content
/// frame Vᵢ₋₁, both the output's shape, RGB in [0, 1]. The caller owns both tensors.
/// </summary>
/// <param name="PreviousStylized">V′ᵢ₋₁, the stylized previous frame.</param>
/// <param name="PreviousContent">Vᵢ₋₁, the previous content frame.</param>
public sealed record CoherenceReference(Tensor PreviousStylized, Tensor PreviousContent);
