using System.Globalization;

namespace StyleFarm.Silo.Execution;

/// <summary>The device a render's tensors live on, checked before anything is planned: "cpu", or "cuda:N" on a machine with that GPU.</summary>
public static class RenderDevice
{
    /// <summary>Checks <paramref name="device"/> names a device this process can use.</summary>
    /// <exception cref="JobRejectedException">The name is malformed, or CUDA or that GPU is not here; one line.</exception>
    public static void Check(string device)
    {
        var name = device.Trim().ToLowerInvariant();
        if (name == "cpu") return;
        var index = 0;
        if (!(name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name[5..], NumberStyles.None, CultureInfo.InvariantCulture, out index)))
            throw new JobRejectedException($"--device '{device}' is not a device: use cpu or cuda:N");
        if (!TorchSharp.torch.cuda.is_available())
            throw new JobRejectedException($"--device {device}: CUDA is not available here (this build or machine has no usable NVIDIA GPU): render with --device cpu");
        var count = TorchSharp.torch.cuda.device_count();
        if (index >= count)
            throw new JobRejectedException($"--device {device}: this machine has {count} CUDA device(s), numbered 0 … {count - 1}");
    }
}
