using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Inputs and style images as this silo reads them: local paths (or image-sequence patterns) every silo
/// can read, or http(s) URLs such as a blob's SAS URL, which ffmpeg reads with range requests. Other
/// URIs (az://, s3://) are refused with a clear message.
/// </summary>
public static class LocalPaths
{
    /// <summary>Whether <paramref name="location"/> is a URI such as https://… or az://… rather than a local path.</summary>
    public static bool IsUri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme.Length > 1;

    /// <summary><paramref name="location"/>, checked to be a local path or an http(s) URL.</summary>
    /// <param name="location">The job's input or a style image.</param>
    /// <param name="what">Names it in the error, e.g. "input".</param>
    /// <exception cref="PermanentTaskException">It is a URI of another scheme.</exception>
    public static string Require(string location, string what) =>
        IsUri(location) && !MediaInput.IsUrl(location)
            ? throw new PermanentTaskException($"the {what} {MediaInput.Redact(location)} is a {new Uri(location).Scheme}: URI, but silos read {what}s from local paths or http(s) URLs: give a blob's SAS URL or a path every silo can read")
            : location;
}
