using System.Runtime.InteropServices;

namespace StyleFarm.Silo.Paths;

/// <summary>The two libc calls the path checks need: realpath (every symlink resolved) and stat (device and inode).</summary>
internal static unsafe partial class Libc
{
    /// <summary>The canonical form of <paramref name="path"/>, every symlink and ".." resolved; null when it does not exist (or cannot be reached).</summary>
    public static string? RealPath(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>The device and inode of the file <paramref name="path"/> names (symlinks followed); null when it does not exist.</summary>
    public static (ulong Device, ulong Inode)? DeviceAndInode(string path)
    {
        // struct stat begins with st_dev and st_ino, 8 bytes each, on x86_64 and aarch64 alike; the buffer covers the whole struct.
        var buffer = stackalloc ulong[32];
        if (stat(path, buffer) != 0) return null;
        return (buffer[0], buffer[1]);
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int stat(string path, ulong* buffer);
}
