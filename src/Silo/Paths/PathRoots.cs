namespace StyleFarm.Silo.Paths;

/// <summary>
/// The folders a silo may read local inputs and style images from, and write local outputs to (`stylefarm silo
/// --input-root DIR --output-root DIR`, each repeatable). http(s) and blob URLs are not paths and are unaffected.
/// </summary>
public sealed record PathRoots
{
    /// <summary>
    /// Folders whose files (symlinks resolved) jobs may read as inputs, style images and network models. Default: none,
    /// so the silo reads no local path at all: a token holder cannot make a silo (often run as root) read any file.
    /// </summary>
    public IReadOnlyList<string> Input { get; init; } = [];

    /// <summary>
    /// Folders under which jobs may write their outputs (symlinks resolved; missing folders below a root are created).
    /// Default: none, so the silo writes no local output: outputs go to blob URLs.
    /// </summary>
    public IReadOnlyList<string> Output { get; init; } = [];

    /// <summary>The roots with every symlink resolved, as the checks compare them.</summary>
    /// <exception cref="ArgumentException">A root is relative, missing, not a folder, or holds "..".</exception>
    public PathRoots Canonical() => new() { Input = Input.Select(r => CanonicalRoot(r, "--input-root")).ToList(), Output = Output.Select(r => CanonicalRoot(r, "--output-root")).ToList() };

    private static string CanonicalRoot(string root, string option)
    {
        if (!Path.IsPathRooted(root)) throw new ArgumentException($"{option} {root} is relative: give an absolute folder");
        var canonical = CanonicalPath.Of(root);
        if (canonical is null || !Directory.Exists(canonical)) throw new ArgumentException($"{option} {root} is not an existing folder: create it first");
        return canonical;
    }
}
