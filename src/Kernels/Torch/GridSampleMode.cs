namespace StyleFarm.Kernels.Torch;

/// <summary>How torch.nn.functional.grid_sample interpolates.</summary>
public enum GridSampleMode
{
    Nearest,
    Bilinear,
}
