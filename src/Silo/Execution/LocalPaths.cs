namespace StyleFarm.Silo.Execution;

/// <summary>
/// Inputs and style images as this silo reads them: local paths (or image-sequence patterns). A blob URI
/// is refused with a clear message until the farm fetches inputs from blob storage.
/// </summary>
public static class LocalPaths
{
    /// <summary>Whether <paramref name="location"/> is a URI such as https://… or az://… rather than a local path.</summary>
    public static bool IsUri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme.Length > 1;

    /// <summary><paramref name="location"/>, checked to be a local path.</summary>
    /// <param name="location">The job's input or a style image.</param>
    /// <param name="what">Names it in the error, e.g. "input".</param>
    /// <exception cref="PermanentTaskException">It is a URI.</exception>
    public static string Require(string location, string what) =>
        IsUri(location)
            ? throw new PermanentTaskException($"the {what} {location} is a URI, but this farm reads {what}s from local paths only: copy it to a path every silo can read")
            : location;
}
