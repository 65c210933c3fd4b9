namespace StyleFarm.Kernels.Torch;

/// <summary>What torch.nn.functional.grid_sample reads outside the input.</summary>
public enum GridSamplePaddingMode
{
    /// <summary>Zero.</summary>
    Zeros,

    /// <summary>The nearest border pixel.</summary>
    Border,

    /// <summary>The input mirrored at its border.</summary>
    Reflection,
}
