namespace StyleFarm.Kernels.Models;

/// <summary>
/// One entry of a VGG <c>features</c> sequence: its index (as in torchvision's key names
/// "features.{Index}.weight"), its conventional name (conv3_1, relu3_1, pool3) and, for
/// convolutions and ReLUs, the channels in and out.
/// </summary>
public sealed record FeatureLayer(int Index, string Name, FeatureLayerKind Kind, int InChannels, int OutChannels)
{
    /// <summary>Convolution kernel size (VGG uses 3×3 throughout).</summary>
    public const int KernelSize = 3;

    /// <summary>Key of the convolution weight, e.g. "features.0.weight".</summary>
    public string WeightKey => $"{FeatureNetworkLayout.KeyPrefix}.{Index}.weight";

    /// <summary>Key of the convolution bias, e.g. "features.0.bias".</summary>
    public string BiasKey => $"{FeatureNetworkLayout.KeyPrefix}.{Index}.bias";

    /// <summary>The weight's shape (out, in, 3, 3).</summary>
    public long[] WeightShape => [OutChannels, InChannels, KernelSize, KernelSize];

    /// <summary>The bias's shape (out).</summary>
    public long[] BiasShape => [OutChannels];
}
