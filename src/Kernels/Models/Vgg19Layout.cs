namespace StyleFarm.Kernels.Models;

/// <summary>
/// torchvision's VGG-19 <c>features</c>: convs at 0,2,5,7,10,12,14,16,19,21,23,25,28,30,32,34, a ReLU
/// after each, max-pools at 4,9,18,27,36. The stylizer computes it up to relu5_1 (features.0 … 29).
/// </summary>
public static class Vgg19Layout
{
    /// <summary>The layout, requiring the weights of features.0 … features.28 (up to relu5_1).</summary>
    public static FeatureNetworkLayout Features { get; } = new("vgg19",
        [[64, 64], [128, 128], [256, 256, 256, 256], [512, 512, 512, 512], [512, 512, 512, 512]],
        deepestLayer: "relu5_1");
}
