using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Paths;

/// <summary>
/// Refuses an output that would replace the job's own input or style image: the same file by device and inode, so a
/// symlink or a hard link to the input counts as the input; for image-sequence patterns, a frame file of the one that
/// the other's pattern names in the same folder.
/// </summary>
public static class SameFile
{
    /// <summary>Refuses a local output of <paramref name="spec"/> that is its input or one of its style images.</summary>
    /// <exception cref="PathRefusedException">It is; the message names both.</exception>
    public static void RefuseOutputOverSources(JobSpec spec)
    {
        if (Execution.LocalPaths.IsUri(spec.Output)) return;
        if (Overlaps(spec.Output, spec.Input))
            throw new PathRefusedException($"the output {spec.Output} is the input {spec.Input} (the same file, through a link or another name): write the stylized film under another name");
        foreach (var style in spec.StyleImages)
            if (Overlaps(spec.Output, style))
                throw new PathRefusedException($"the output {spec.Output} is the {(spec.Method == StylizationMethod.Network ? "network model" : "style image")} {style} (the same file): write the stylized film under another name");
    }

    // Whether writing `output` would replace a file that `source` names.
    private static bool Overlaps(string output, string source)
    {
        if (string.IsNullOrWhiteSpace(source) || Execution.LocalPaths.IsUri(source)) return false;
        var outputPattern = MediaInput.IsPattern(output);
        var sourcePattern = MediaInput.IsPattern(source);
        if (!outputPattern && !sourcePattern) return Identity(output) is { } o && Identity(source) == o;
        // A pattern covers files of one folder: the other side must be in the same folder and share a name.
        if (Identity(Folder(output)) is not { } folder || Identity(Folder(source)) != folder) return false;
        if (outputPattern && sourcePattern)
            return Path.GetFileName(output) == Path.GetFileName(source)
                   || Directory.EnumerateFiles(Folder(source)).Any(f => MediaInput.MatchesPattern(source, f) && MediaInput.MatchesPattern(output, f));
        return outputPattern ? MediaInput.MatchesPattern(output, source) : MediaInput.MatchesPattern(source, output) && File.Exists(output);
    }

    private static string Folder(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    private static (ulong, ulong)? Identity(string path) => Libc.DeviceAndInode(path);
}
