namespace StyleFarm.Kernels.Models;

/// <summary>What one entry of a torchvision VGG <c>features</c> sequence does.</summary>
public enum FeatureLayerKind
{
    /// <summary>3×3 convolution, stride 1, padding 1, with bias.</summary>
    Conv,

    /// <summary>ReLU after the convolution just before it.</summary>
    Relu,

    /// <summary>2×2 max-pool, stride 2, closing a block.</summary>
    MaxPool,
}
