using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StyleFarm.Kernels.Native;

/// <summary>
/// Finds libstylefarm_native.so: $STYLEFARM_NATIVE_LIB, then next to the assemblies, then the
/// repository's build/native folder above them (so a plain checkout works after infra/setup.sh).
/// </summary>
internal static class NativeLibraryResolver
{
    public const string LibraryName = "stylefarm_native";
    private const string FileName = "libstylefarm_native.so";

    // Registered before any P/Invoke of this assembly runs, wherever the library is used from.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate)) return NativeLibrary.Load(candidate);
        }
        throw new DllNotFoundException(
            $"{FileName} was not found (looked in: {string.Join(", ", Candidates())}). " +
            "Run infra/setup.sh to build it, or set STYLEFARM_NATIVE_LIB to its path.");
    }

    private static IEnumerable<string> Candidates()
    {
        var fromEnv = Environment.GetEnvironmentVariable("STYLEFARM_NATIVE_LIB");
        if (!string.IsNullOrEmpty(fromEnv)) yield return fromEnv;
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "build", "native", FileName);
        }
    }
}
