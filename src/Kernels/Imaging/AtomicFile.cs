namespace StyleFarm.Kernels.Imaging;

/// <summary>Temporary names beside a final path, so outputs appear under the final name only when complete.</summary>
public static class AtomicFile
{
    /// <summary>A unique hidden temporary path in the same folder as <paramref name="path"/> (same file system, so the rename is atomic).</summary>
    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"the output folder {folder} does not exist");
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }
}
