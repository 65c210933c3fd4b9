using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Color;

/// <summary>
/// What the stylizer uses for frame <paramref name="Index"/> of a shot under colour matching: the
/// content frame and the style image whose Gram matrices it matches.
/// </summary>
/// <param name="Index">Zero-based position of the frame in the shot.</param>
/// <param name="Content">The content frame (recoloured by step 1 unless the mode keeps it original).</param>
/// <param name="Style">The style image for this frame; the same instance for every frame unless the mode is per frame.</param>
public sealed record ColorMatchedFrame(int Index, RgbFrame Content, RgbFrame Style);
