namespace StyleFarm.Kernels.Torch;

/// <summary>Where a tensor's memory lives; numbered as c10::DeviceType (and TorchSharp's DeviceType).</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}
