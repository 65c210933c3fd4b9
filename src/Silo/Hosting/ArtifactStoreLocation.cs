using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// Parses `--artifacts`: <c>folder:PATH</c> (the embedded farm) or <c>azure:CONNSTRING[;container=NAME]</c>
/// (an Azure Storage connection string, Azurite's included; the container defaults to
/// <see cref="ArtifactStoreOptions.AzureContainer"/>'s "artifacts").
/// </summary>
public static class ArtifactStoreLocation
{
    /// <summary>The environment variable `stylefarm silo` reads the artifact store from when `--artifacts` is not given: a key there stays out of the process list.</summary>
    public const string Variable = "STYLEFARM_ARTIFACTS";

    /// <summary>The options of the store <paramref name="text"/> names.</summary>
    /// <exception cref="ArgumentException">The prefix is missing or unknown, or the rest is empty; the message never repeats a key.</exception>
    public static ArtifactStoreOptions Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : text[..colon].ToLowerInvariant();
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (scheme)
        {
            case "folder":
                if (string.IsNullOrWhiteSpace(rest))
                    throw new ArgumentException("artifact store 'folder:' has no path: write folder:PATH");
                return new ArtifactStoreOptions { Folder = Path.GetFullPath(rest) };
            case "azure":
                return Azure(rest);
            default:
                throw new ArgumentException(colon < 0
                    ? "artifact store has no kind: write folder:PATH or azure:CONNSTRING[;container=NAME]"
                    : $"artifact store kind '{scheme}' is unknown: write folder:PATH or azure:CONNSTRING[;container=NAME]");
        }
    }

    private static ArtifactStoreOptions Azure(string rest)
    {
        // The container rides along as one more NAME=VALUE part; the rest is the connection string as Azure writes it.
        var parts = rest.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var containers = parts.Where(IsContainer).Select(p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim()).ToList();
        if (containers.Count > 1)
            throw new ArgumentException("artifact store names the container twice: give container=NAME once");
        var connection = string.Join(";", parts.Where(p => !IsContainer(p)));
        if (connection.Length == 0)
            throw new ArgumentException("artifact store 'azure:' has no connection string: write azure:CONNSTRING[;container=NAME], e.g. azure:UseDevelopmentStorage=true");
        var options = new ArtifactStoreOptions { AzureConnectionString = connection };
        if (containers.Count == 1)
        {
            if (containers[0].Length == 0) throw new ArgumentException("artifact store has an empty container=: name the container");
            options = options with { AzureContainer = containers[0] };
        }
        return options;
    }

    private static bool IsContainer(string part) => part.StartsWith("container=", StringComparison.OrdinalIgnoreCase);
}
