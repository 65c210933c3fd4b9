namespace StyleFarm.Kernels.Torch;

/// <summary>How torch.nn.functional.interpolate resamples.</summary>
public enum InterpolationMode
{
    Nearest,
    Bilinear,
}
