namespace StyleFarm.Kernels.Models;

/// <summary>Where installed weights live and how they are fetched.</summary>
public sealed class ModelStoreOptions
{
    /// <summary>
    /// The folder holding installed weights, one "{name}.safetensors" per model. Default:
    /// <c>$STYLEFARM_HOME/models</c> when STYLEFARM_HOME is set, else
    /// <c>$XDG_DATA_HOME/stylefarm/models</c>, else <c>~/.local/share/stylefarm/models</c>.
    /// </summary>
    public string Folder { get; init; } = DefaultFolder(Environment.GetEnvironmentVariable);

    /// <summary>Longest a whole download may take before it is abandoned. Default: 1 hour (VGG-19 is ~550 MB).</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The default <see cref="Folder"/> for the given environment variables.</summary>
    public static string DefaultFolder(Func<string, string?> environment)
    {
        var home = environment("STYLEFARM_HOME");
        if (!string.IsNullOrEmpty(home)) return Path.Combine(home, "models");
        var data = environment("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data))
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "stylefarm", "models");
    }
}
