using System.Text.Json.Serialization;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// The size of a <see cref="TransformerNetwork"/>. The defaults are Johnson et al.'s network as Ruder et al. use it
/// (c9s1-32, d64, d128, 5 × R128, U2 c3s1-64, U2 c3s1-32, c9s1-3); tests and quick experiments shrink it.
/// </summary>
public sealed record NetworkArchitecture
{
    /// <summary>The paper's network.</summary>
    [JsonIgnore]
    public static NetworkArchitecture Paper { get; } = new();

    /// <summary>Channels of the first layer (32); the downsampling layers have 2× and 4× as many (64, 128).</summary>
    public int Channels { get; init; } = 32;

    /// <summary>Residual blocks at a quarter of the resolution (5).</summary>
    public int ResidualBlocks { get; init; } = 5;

    /// <summary>
    /// The reflection padding at the input, per side: each residual block's two unpadded 3×3 convolutions take
    /// 2 pixels per side at a quarter of the resolution, so 8 frame pixels per block; 16 more keep the zero padding of
    /// the first layers (at the margin's outer edge) out of the frame's receptive fields after the unpadded upsampling
    /// and output convolutions (<see cref="TransformerNetwork"/>): 56 for the paper's 5.
    /// </summary>
    [JsonIgnore]
    public int InputPadding => 8 * ResidualBlocks + 16;

    /// <summary>Throws unless every size is positive and within reason.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public void Validate()
    {
        if (Channels is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(Channels), $"the first layer's channels are {Channels}; use 1 … 1024 (the paper's network: 32)");
        if (ResidualBlocks is < 0 or > 64)
            throw new ArgumentOutOfRangeException(nameof(ResidualBlocks), $"{ResidualBlocks} residual blocks; use 0 … 64 (the paper's network: 5)");
    }
}
