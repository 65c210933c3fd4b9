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

    /// <summary>Renames the complete temporary file onto the final name, replacing any file there.</summary>
    public void Commit()
    {
        File.Move(TempPath, FinalPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed) File.Delete(TempPath);
    }
}
