using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A network model a training job stored in the farm's artifact store, named as <c>job:JOB/NAME</c> (what `status`
/// prints once the job is done): `submit --method network --model job:JOB/NAME` renders with it. Its blob is the job's
/// output artifact <c>jobs/{job}/output/{name}</c>; a silo copies it into its work folder once and loads it from there.
/// </summary>
public static class StoredModel
{
    /// <summary>What starts a reference.</summary>
    public const string Prefix = "job:";

    /// <summary>Whether <paramref name="location"/> names a stored model rather than a file or URL.</summary>
    public static bool IsReference(string location) => location.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The reference of the model <paramref name="name"/> stored by job <paramref name="job"/>.</summary>
    public static string ReferenceOf(JobId job, string name) => $"{Prefix}{job}/{name}";

    /// <summary>Where job <paramref name="job"/> stores its model <paramref name="name"/>.</summary>
    public static ArtifactKey KeyOf(JobId job, string name) => ArtifactKey.Output(job, name);

    /// <summary>The artifact a reference names.</summary>
    /// <exception cref="ArgumentException">It is not <c>job:JOB/NAME</c>; the message says what to give.</exception>
    public static ArtifactKey KeyOf(string reference)
    {
        var parts = IsReference(reference) ? reference[Prefix.Length..].Split('/', 2) : [];
        if (parts.Length != 2 || !JobId.TryParse(parts[0], out var job))
            throw new ArgumentException($"the model {reference} is not a stored model's name: give job:JOB/NAME as `stylefarm status JOB` prints it, or a model file");
        return KeyOf(job, parts[1]);
    }

    /// <summary>
    /// The model's name from a training job's output: a plain file name (tiny.safetensors), or a URL whose last path segment
    /// names it. A local path is refused: the model goes to the artifact store.
    /// </summary>
    /// <exception cref="ArgumentException">The output is a path, or names no file.</exception>
    public static string NameOf(string output)
    {
        var name = LocalPaths.IsUri(output) ? Uri.UnescapeDataString(new Uri(output).AbsolutePath.TrimEnd('/').Split('/')[^1]) : output;
        if (!LocalPaths.IsUri(output) && (output.Contains('/') || output.Contains('\\')))
            throw new ArgumentException($"the model output {output} is a path, but a farm stores models in its artifact store: give a name such as style.safetensors or a URL");
        if (string.IsNullOrWhiteSpace(name) || name is "." or "..")
            throw new ArgumentException($"the model output {output} names no file: give a name such as style.safetensors");
        return name;
    }

    /// <summary>A local copy of the stored model <paramref name="reference"/> in the silo's work folder (fetched once, atomically).</summary>
    /// <exception cref="PermanentTaskException">The reference is malformed or names no stored model.</exception>
    public static async Task<string> LocalCopyAsync(ExecutionServices services, string reference, CancellationToken cancellationToken)
    {
        ArtifactKey key;
        try
        {
            key = KeyOf(reference);
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException(e.Message, e);
        }
        var path = Path.Combine(services.WorkFolder, "models", key.Value.Replace('/', '_'));
        if (File.Exists(path)) return path;
        if (!await services.Artifacts.ExistsAsync(key, cancellationToken).ConfigureAwait(false))
            throw new PermanentTaskException($"the model {reference} is not in the artifact store: its training job has not stored it (see `stylefarm status JOB`)");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + $".{Environment.ProcessId}.partial";
        await File.WriteAllBytesAsync(partial, await services.Artifacts.GetAsync(key, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
