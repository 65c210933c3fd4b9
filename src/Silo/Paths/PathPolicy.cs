using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Paths;

/// <summary>
/// Which local paths a job may read and write on this silo. A farm's silo (<see cref="Under"/>) reads inputs, style
/// images and models only under its input roots and writes outputs only under its output roots, judged on the
/// canonical path (every symlink resolved; ".." refused), and refuses everything else in one line that never tells
/// whether a path outside the roots exists. `render` (<see cref="Anywhere"/>) runs the user's own job on the user's
/// own files: any path the user can reach. URLs are not paths: their own checks apply.
/// </summary>
public sealed class PathPolicy
{
    private readonly PathRoots? _roots;

    private PathPolicy(PathRoots? roots) => _roots = roots;

    /// <summary>No limits: the user's own render on one machine.</summary>
    public static PathPolicy Anywhere { get; } = new(null);

    /// <summary>Only under <paramref name="roots"/> (canonicalised here).</summary>
    /// <exception cref="ArgumentException">A root is not an existing absolute folder.</exception>
    public static PathPolicy Under(PathRoots roots) => new(roots.Canonical());

    /// <summary>Whether paths are limited to roots.</summary>
    public bool IsLimited => _roots is not null;

    /// <summary>The roots in force (canonical); null for <see cref="Anywhere"/>.</summary>
    public PathRoots? Roots => _roots;

    /// <summary>Checks that the job's input, style images (or model) and output (a training job: its data folders and style) are paths this silo may use.</summary>
    /// <exception cref="PathRefusedException">One of them is not; the message names it and the roots.</exception>
    public void CheckJob(JobSpec spec)
    {
        if (spec.Training is { } training)
        {
            // A training job reads its data and style; its model goes to the artifact store.
            foreach (var folder in training.DataFolders) CheckRead(folder, "training data folder");
            CheckRead(spec.StyleImages[0], "style image");
            return;
        }
        CheckRead(spec.Input, "input");
        foreach (var style in spec.StyleImages) CheckRead(style, spec.Method == StylizationMethod.Network ? "network model" : "style image");
        CheckWrite(spec.Output);
    }

    /// <summary>Checks that <paramref name="location"/> (the job's <paramref name="what"/>) may be read here.</summary>
    /// <exception cref="PathRefusedException">It is a local path outside the input roots.</exception>
    public void CheckRead(string location, string what)
    {
        if (_roots is null || string.IsNullOrWhiteSpace(location) || LocalPaths.IsUri(location)) return;
        var canonical = Inside(location, what, _roots.Input, "input");
        // A frame of a sequence may itself be a symlink out of the roots: ffmpeg would follow it.
        if (Kernels.Video.MediaInput.IsPattern(canonical) && Directory.Exists(Path.GetDirectoryName(canonical)))
            foreach (var frame in Directory.EnumerateFiles(Path.GetDirectoryName(canonical)!))
                if (Kernels.Video.MediaInput.MatchesPattern(canonical, frame) && new FileInfo(frame).LinkTarget is not null)
                    Inside(frame, what, _roots.Input, "input");
    }

    /// <summary>Checks that the output <paramref name="location"/> may be written here.</summary>
    /// <exception cref="PathRefusedException">It is a local path outside the output roots.</exception>
    public void CheckWrite(string location)
    {
        if (_roots is null || string.IsNullOrWhiteSpace(location) || LocalPaths.IsUri(location)) return;
        Inside(location, "output", _roots.Output, "output");
    }

    // The canonical path when it lies under one of the roots; the same refusal whether or not it exists.
    private static string Inside(string location, string what, IReadOnlyList<string> roots, string kind)
    {
        var option = kind == "input" ? "--input-root" : "--output-root";
        if (roots.Count == 0)
            throw new PathRefusedException($"the {what} {location} is a local path, but this farm {(kind == "input" ? "reads" : "writes")} no local paths (its silos have no {option}): " +
                                           (kind == "input" ? "give an http(s) URL, or start the silos with --input-root DIR" : "give a blob URL, or start the silos with --output-root DIR"));
        var listed = string.Join(", ", roots);
        if (!Path.IsPathRooted(location))
            throw new PathRefusedException($"the {what} {location} is a relative path: give an absolute path under this farm's {kind} roots ({listed})");
        var canonical = CanonicalPath.Of(location);
        if (canonical is null || !roots.Any(root => CanonicalPath.IsUnder(canonical, root)))
            throw new PathRefusedException($"the {what} {location} is outside this farm's {kind} roots ({listed}): give a path under one of them, without '..' or symlinks that lead out");
        return canonical;
    }
}
