using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>Creates the artifact store that <see cref="ArtifactStoreOptions"/> describe.</summary>
public static class ArtifactStoreFactory
{
    /// <summary>The folder store or the Azure store; <paramref name="http"/> is used by Azure only.</summary>
    /// <exception cref="ArgumentException">Neither or both back ends are configured, or a setting is invalid.</exception>
    public static IArtifactStore Create(ArtifactStoreOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasFolder = !string.IsNullOrWhiteSpace(options.Folder);
        var hasAzure = !string.IsNullOrWhiteSpace(options.AzureConnectionString);
        if (hasFolder == hasAzure)
            throw new ArgumentException(hasFolder
                ? "Artifact store: both a folder and an Azure connection string are configured; choose one."
                : "Artifact store: configure a folder (embedded farm) or an Azure connection string (farm).");
        if (hasFolder) return new FolderArtifactStore(options.Folder!);
        AzureBlobOptions azure;
        try { azure = AzureBlobOptions.FromConnectionString(options.AzureConnectionString!, options.AzureContainer); }
        catch (FormatException e) { throw new ArgumentException($"Artifact store: {e.Message}", e); }
        if (options.ConfigureAzure is { } configure) azure = configure(azure);
        return new AzureBlobArtifactStore(azure, http);
    }
}
