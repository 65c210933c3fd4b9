using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Where and how a job's output is written: a local file or image-sequence pattern, written in place
/// (atomically, by <see cref="VideoWriter"/>), or a blob URI, whose last path segment names the output
/// artifact (<see cref="ArtifactKey.Output"/>). The format follows the name: a pattern with a frame number
/// (out/%05d.png) is a PNG sequence (8 or 16 bits), .mkv/.avi/.nut lossless FFV1, anything else H.264.
/// </summary>
/// <param name="LocalPath">The local path, or null for a blob output.</param>
/// <param name="Key">The output artifact, or null for a local output.</param>
/// <param name="FileName">The output's file name (for the temporary file of a blob output).</param>
/// <param name="Format">How the frames are encoded.</param>
public sealed record OutputTarget(string? LocalPath, ArtifactKey? Key, string FileName, OutputFormat Format)
{
    /// <summary>Whether the output is a video file (so it can carry the input's audio).</summary>
    public bool IsVideo => Format is OutputFormat.H264 or OutputFormat.Ffv1;

    /// <summary>The target of the output <paramref name="output"/> of job <paramref name="job"/>.</summary>
    /// <exception cref="PermanentTaskException">A blob output is an image sequence or has no file name.</exception>
    public static OutputTarget Parse(string output, JobId job, bool sixteenBit = false)
    {
        if (LocalPaths.IsUri(output))
        {
            var name = Uri.UnescapeDataString(new Uri(output).AbsolutePath.TrimEnd('/').Split('/')[^1]);
            if (name.Length == 0 || name.Contains('%'))
                throw new PermanentTaskException($"the output {output} must end in a video file name such as film.mp4: image sequences are written to local folders only");
            ArtifactKey key;
            try
            {
                key = ArtifactKey.Output(job, name);
            }
            catch (ArgumentException e)
            {
                throw new PermanentTaskException($"the output {output} does not name a usable file: {e.Message}", e);
            }
            return new OutputTarget(null, key, name, FormatOf(name, sixteenBit));
        }
        return new OutputTarget(output, null, Path.GetFileName(output), FormatOf(output, sixteenBit));
    }

    private static OutputFormat FormatOf(string path, bool sixteenBit)
    {
        if (MediaInput.IsPattern(path)) return sixteenBit ? OutputFormat.Png16 : OutputFormat.Png8;
        return Path.GetExtension(path).ToLowerInvariant() is ".mkv" or ".avi" or ".nut" ? OutputFormat.Ffv1 : OutputFormat.H264;
    }
}
