#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Torch;

/// <summary>
/// The libtorch binding, named as TorchSharp names it (torch.zeros, tensor.add_, torch.nn.functional.conv2d,
/// ...), so code written on it moves to TorchSharp by changing the namespace.
/// </summary>
public static partial class torch
{
    /// <summary>Opens a scope that disposes the tensors this thread creates until the scope is disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Stops autograd recording on this thread until the result is disposed.</summary>
    public static AutoGradMode no_grad() => new(false);

    /// <summary>Turns autograd recording on for this thread until the result is disposed.</summary>
    public static AutoGradMode enable_grad() => new(true);

    /// <summary>Turns autograd recording on or off for this thread until the result is disposed.</summary>
    public static AutoGradMode set_grad_enabled(bool enabled) => new(enabled);

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool is_grad_enabled() => AutoGradMode.IsEnabled;

    /// <summary>Seeds the CPU generator (and every CUDA one), making randn/rand repeatable.</summary>
    public static void manual_seed(long seed) => NativeError.Check(RuntimeNative.ManualSeed(seed), "manual_seed");

    /// <summary>
    /// Sets the number of threads libtorch uses for intra-op parallelism on the CPU. Call it at start-up:
    /// with libtorch's OpenMP backend a thread that already ran tensor work keeps the count it started with.
    /// </summary>
    public static void set_num_threads(int threads) =>
        NativeError.Check(RuntimeNative.SetNumThreads(threads), "set_num_threads");

    /// <summary>The number of threads libtorch uses for intra-op parallelism on the CPU.</summary>
    public static int get_num_threads() => RuntimeNative.GetNumThreads();

    /// <summary>How many native tensors exist now (made and not yet freed), for leak checks.</summary>
    public static long LiveTensorCount => TensorNative.LiveCount();

    /// <summary>CUDA devices as the loaded libtorch sees them.</summary>
    public static class cuda
    {
        /// <summary>True when libtorch was built with CUDA and sees at least one GPU.</summary>
        public static bool is_available() => RuntimeNative.CudaIsAvailable() != 0;

        /// <summary>The number of visible CUDA devices (0 without CUDA).</summary>
        public static int device_count() => RuntimeNative.CudaDeviceCount();
    }
}
