namespace StyleFarm.Kernels.Models;

/// <summary>
/// torchvision's VGG-16 <c>features</c> (the perceptual loss of the network stylizer): convs at
/// 0,2,5,7,10,12,14,17,19,21,24,26,28, max-pools at 4,9,16,23,30; relu1_2 = 3, relu2_2 = 8,
/// relu3_3 = 15, relu4_3 = 22. Computed up to relu4_3.
/// </summary>
public static class Vgg16Layout
{
    /// <summary>The layout, requiring the weights of features.0 … features.21 (up to relu4_3).</summary>
    public static FeatureNetworkLayout Features { get; } = new("vgg16",
        [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]],
        deepestLayer: "relu4_3");
}
