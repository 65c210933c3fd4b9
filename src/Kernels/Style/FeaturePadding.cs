namespace StyleFarm.Kernels.Style;

/// <summary>How the feature network's 3×3 convolutions see past the image's edge.</summary>
public enum FeaturePadding
{
    /// <summary>
    /// The edge pixels repeated (the stylizers' choice). With torchvision's zeros, every stylized frame grows a dark,
    /// high-contrast line along its own border; a camera pan carries that line inward, the temporal loss holds it, and a
    /// render shows nested rectangles along the revealed edges: E_gradient (eq. 23) along earlier frames' borders 1.29
    /// with zeros, 1.09 with repeated edges (preview preset, bench/quality.sh's pan-and-zoom).
    /// </summary>
    Replicate,

    /// <summary>Zeros, as torchvision's VGG (for comparing features with PyTorch's).</summary>
    Zeros,
}
