using System.Text;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Which artifact store a silo uses: a local folder (the embedded farm) or an Azure Blob container
/// (a farm). Exactly one of <see cref="Folder"/> and <see cref="AzureConnectionString"/> is set.
/// </summary>
public sealed record ArtifactStoreOptions
{
    /// <summary>The folder of a <see cref="FolderArtifactStore"/>; null for Azure.</summary>
    public string? Folder { get; init; }

    /// <summary>An Azure Storage connection string (see <see cref="AzureStorageConnectionString"/>); null for a folder.</summary>
    public string? AzureConnectionString { get; init; }

    /// <summary>The Azure container. Default: "artifacts".</summary>
    public string AzureContainer { get; init; } = "artifacts";

    /// <summary>Transfer and retry settings for Azure, applied over the account and container above. Default: <see cref="AzureBlobOptions"/>' defaults.</summary>
    public Func<AzureBlobOptions, AzureBlobOptions>? ConfigureAzure { get; init; }

    // The connection string holds the account key or a SAS token: never print it.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Folder = ").Append(Folder ?? "null")
            .Append(", AzureConnectionString = ").Append(AzureConnectionString is null ? "null" : "(hidden)")
            .Append(", AzureContainer = ").Append(AzureContainer);
        return true;
    }
}
