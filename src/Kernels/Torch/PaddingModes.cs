namespace StyleFarm.Kernels.Torch;

/// <summary>How torch.nn.functional.pad fills the border (TorchSharp's PaddingModes names).</summary>
public enum PaddingModes
{
    /// <summary>A constant value (0 unless given).</summary>
    Constant,

    /// <summary>Mirror without repeating the edge pixel (reflection_pad2d).</summary>
    Reflect,

    /// <summary>Repeat the edge pixel (replication_pad2d).</summary>
    Replicate,
}
