using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StyleFarm.Kernels.Native;

/// <summary>Turns a native flow library status code into a <see cref="NativeException"/> with the native message.</summary>
internal static partial class NativeError
{
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_last_error")]
    private static partial IntPtr LastError();

    /// <summary>Throws when <paramref name="status"/> is non-zero; the operation name is the caller's.</summary>
    public static void Check(int status, [CallerMemberName] string operation = "")
    {
        if (status == 0) return;
        var message = Marshal.PtrToStringUTF8(LastError()) ?? "unknown native error";
        throw new NativeException(operation, message);
    }
}
