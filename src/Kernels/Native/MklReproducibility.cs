using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace StyleFarm.Kernels.Native;

/// <summary>
/// Makes the MKL inside TorchSharp's libtorch give the same bits on every run. By default MKL picks its code path
/// per call from the buffers' alignment and the machine's load, so a re-run task could write other bytes than
/// the first run (measured: L-BFGS iterates differing in the 16th digit between identical runs); conditional
/// numerical reproducibility in AUTO mode (the machine's fastest path, fixed) costs nothing measurable here.
/// </summary>
internal static class MklReproducibility
{
    private const int MklCbwrAuto = 2;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CbwrSet(int settings);

    /// <summary>The status mkl_cbwr_set (exported as mkl_serv_cbwr_set) returned (0: set), or null where the libtorch has no MKL.</summary>
    public static int? Status { get; private set; }

    // Before any tensor work of this assembly's callers: MKL only takes the setting before its first call.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Set()
    {
        if (!NativeLibrary.TryLoad("torch_cpu", typeof(torch).Assembly, null, out var library)) return;
        if (!NativeLibrary.TryGetExport(library, "mkl_serv_cbwr_set", out var export)) return;
        Status = Marshal.GetDelegateForFunctionPointer<CbwrSet>(export)(MklCbwrAuto);
    }
}
