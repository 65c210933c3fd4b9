using System.Diagnostics;
using System.Globalization;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// What a worker offers on its device (silo metadata the dispatcher and the submit check read): a cpu worker no GPU; a
/// <c>cuda:N</c> worker one GPU with that GPU's memory, as given or as <c>nvidia-smi</c> reports it. Without it a GPU
/// silo advertised no GPU, so the farm refused every GPU job.
/// </summary>
public static class DeviceCapabilities
{
    /// <summary>The capabilities of a worker on <paramref name="device"/> with <paramref name="hostMemory"/> bytes of host memory.</summary>
    /// <param name="gpuMemory">The GPU's memory in bytes when given (<c>--gpu-memory</c>); null: ask <paramref name="probe"/>.</param>
    /// <param name="probe">The memory of GPU N in bytes, or null when it cannot be read.</param>
    /// <exception cref="ArgumentException">The device is neither cpu nor cuda:N, or a GPU's memory is neither given nor readable.</exception>
    public static WorkerCapabilities For(string device, long? gpuMemory, long hostMemory, Func<int, long?> probe)
    {
        if (device == "cpu")
        {
            if (gpuMemory is not null) throw new ArgumentException("--gpu-memory applies to a cuda:N device, not cpu");
            return new WorkerCapabilities(0, 0, hostMemory);
        }
        if (!device.StartsWith("cuda:", StringComparison.Ordinal) || !int.TryParse(device[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new ArgumentException($"--device {device}: give cpu or cuda:N (N the GPU's index, e.g. cuda:0)");
        if (gpuMemory is <= 0) throw new ArgumentException($"--gpu-memory must be positive");
        var memory = gpuMemory ?? probe(index)
            ?? throw new ArgumentException($"cannot tell how much memory GPU {index} has (nvidia-smi did not answer): give --gpu-memory SIZE, e.g. 80G");
        return new WorkerCapabilities(1, memory, hostMemory);
    }

    /// <summary>GPU <paramref name="index"/>'s total memory from <c>nvidia-smi</c>, or null when it is missing or fails.</summary>
    public static long? NvidiaSmi(int index)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", ["--query-gpu=memory.total", "--format=csv,noheader,nounits", "-i", index.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return null;
            var text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000) || process.ExitCode != 0) return null;
            // nvidia-smi reports MiB.
            return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mebibytes) ? mebibytes << 20 : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
