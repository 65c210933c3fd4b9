namespace StyleFarm.Kernels.IO;

/// <summary>
/// A file being written under a hidden temporary name in its final folder (so the rename is atomic),
/// moved onto its final name by <see cref="Commit"/>; disposed uncommitted, it is deleted.
/// </summary>
public sealed class PartialFile : IDisposable
{
    private bool _committed;

    /// <param name="finalPath">where the file belongs once complete</param>
    /// <param name="tag">distinguishes several temporary files for one output (e.g. "video")</param>
    public PartialFile(string finalPath, string tag = "")
    {
        FinalPath = Path.GetFullPath(finalPath);
        var folder = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(folder);
        // The extension stays last: ffmpeg picks the container from it.
        var name = $".{Path.GetFileNameWithoutExtension(FinalPath)}.partial-{Guid.NewGuid():N}{tag}{Path.GetExtension(FinalPath)}";
        TempPath = Path.Combine(folder, name);
    }

    /// <summary>The final name.</summary>
    public string FinalPath { get; }

    /// <summary>The temporary name to write to.</summary>
    public string TempPath { get; }

    /// <summary>Renames the complete temporary file onto the final name, replacing any file there unless <paramref name="replace"/> is false.</summary>
    /// <exception cref="IOException">A file stands under the final name and <paramref name="replace"/> is false (the temporary file is kept until disposed).</exception>
    public void Commit(bool replace = true)
    {
        // Without replacing, .NET links the new name (which fails if it exists) and then unlinks the old: no window to lose a file.
        File.Move(TempPath, FinalPath, overwrite: replace);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed) File.Delete(TempPath);
    }
}
