namespace StyleFarm.Kernels.Video;

/// <summary>
/// An image sequence being written into a hidden temporary folder inside its final folder;
/// <see cref="Commit"/> moves each file onto its final name (each move an atomic rename).
/// Disposed uncommitted, the temporary folder is deleted, and the final folder too if this created it.
/// </summary>
internal sealed class PartialImageSequence : IDisposable
{
    private readonly string _folder;
    private readonly bool _createdFolder;
    private readonly string _tempFolder;
    private bool _committed;

    /// <param name="finalPattern">the sequence's pattern, e.g. out/%05d.png</param>
    public PartialImageSequence(string finalPattern)
    {
        var full = Path.GetFullPath(finalPattern);
        _folder = Path.GetDirectoryName(full)!;
        _createdFolder = !Directory.Exists(_folder);
        Directory.CreateDirectory(_folder);
        _tempFolder = Path.Combine(_folder, $".partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_tempFolder);
        TempPattern = Path.Combine(_tempFolder, Path.GetFileName(full));
    }

    /// <summary>The pattern to write to, inside the temporary folder.</summary>
    public string TempPattern { get; }

    /// <summary>Moves every written file onto its final name, replacing files of the same name unless <paramref name="replace"/> is false.</summary>
    /// <exception cref="IOException">Not replacing, and a file stands under one of the names (none is moved then).</exception>
    public void Commit(bool replace = true)
    {
        var files = Directory.EnumerateFiles(_tempFolder).Order(StringComparer.Ordinal).ToList();
        if (!replace && files.Select(f => Path.Combine(_folder, Path.GetFileName(f))).FirstOrDefault(File.Exists) is { } taken)
            throw new IOException($"{taken} appeared while the sequence was written: it is not replaced");
        foreach (var file in files)
            File.Move(file, Path.Combine(_folder, Path.GetFileName(file)), overwrite: replace);
        Directory.Delete(_tempFolder);
        _committed = true;
    }

    /// <summary>Deletes the temporary folder unless committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        if (Directory.Exists(_tempFolder)) Directory.Delete(_tempFolder, recursive: true);
        if (_createdFolder && Directory.Exists(_folder) && !Directory.EnumerateFileSystemEntries(_folder).Any())
            Directory.Delete(_folder);
    }
}
