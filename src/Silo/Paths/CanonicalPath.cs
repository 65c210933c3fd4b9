namespace StyleFarm.Silo.Paths;

/// <summary>
/// A local path as the kernel resolves it: the deepest part that exists with every symlink resolved (realpath), then
/// the names below it that do not exist yet (an output about to be written). A path that names ".." is refused
/// outright: it is resolved after the symlinks before it, so its meaning cannot be read from the text.
/// </summary>
public static class CanonicalPath
{
    /// <summary>The canonical form of the absolute path <paramref name="path"/>; null when it holds ".." or a symlink that points nowhere.</summary>
    public static string? Of(string path)
    {
        if (!Path.IsPathRooted(path)) return null;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Contains("..")) return null;
        var missing = new Stack<string>();
        var existing = "/" + string.Join('/', parts.Where(p => p != "."));
        while (!Exists(existing))
        {
            // A dangling symlink would be followed by whoever writes through it: never treat it as a missing name.
            if (IsLink(existing)) return null;
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing)!;
        }
        var real = Libc.RealPath(existing);
        if (real is null) return null;
        return missing.Aggregate(real, Path.Combine);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies below it (both canonical).</summary>
    public static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
