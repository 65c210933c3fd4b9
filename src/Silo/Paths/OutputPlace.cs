using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Paths;

/// <summary>
/// The checks on where an output goes that can be made before any work: whether something is already there, and
/// whether its folder takes new files (found at acceptance instead of after all the stylizing).
/// </summary>
public static class OutputPlace
{
    /// <summary>What already stands at the local output <paramref name="output"/>: its path, a frame of a pattern's folder, or null.</summary>
    public static string? Existing(string output)
    {
        if (!MediaInput.IsPattern(output))
            return File.Exists(output) || Directory.Exists(output) || new FileInfo(output).LinkTarget is not null ? output : null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder)) return null;
        return Directory.EnumerateFileSystemEntries(folder).Where(f => MediaInput.MatchesPattern(output, f)).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Refuses an output that already exists unless <paramref name="overwrite"/>.</summary>
    /// <exception cref="PathRefusedException">Something stands there.</exception>
    public static void RefuseExisting(string output, bool overwrite)
    {
        if (overwrite || Existing(output) is not { } found) return;
        throw new PathRefusedException(MediaInput.IsPattern(output)
            ? $"the output folder {Path.GetDirectoryName(Path.GetFullPath(output))} already holds frames of {Path.GetFileName(output)} (such as {Path.GetFileName(found)}): choose another folder or pattern, or submit with --overwrite to replace them"
            : $"the output {output} already exists: choose another name, or submit with --overwrite to replace it");
    }

    /// <summary>
    /// Checks that the output's folder takes new files: it, or the nearest folder above it that exists (missing folders
    /// are created when the output is written), must be a folder where a file can be created.
    /// </summary>
    /// <exception cref="PathRefusedException">It is a file, or a folder that refuses new files.</exception>
    public static void CheckWritable(string output)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        while (!Directory.Exists(folder))
        {
            if (File.Exists(folder)) throw new PathRefusedException($"the output {output} cannot be written: {folder} is a file, not a folder");
            folder = Path.GetDirectoryName(folder)!;
        }
        // Permissions, ACLs, read-only mounts and immutable folders all show in one try.
        var probe = Path.Combine(folder, $".stylefarm-write-check-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write)) { }
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PathRefusedException($"the output {output} cannot be written: the folder {folder} does not accept new files: give a folder this farm may write to (check its permissions)", e);
        }
    }
}
