using Azure.Storage;
using Azure.Storage.Sas;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Service SAS tokens for a container, signed with the account key by the SDK (<see cref="BlobSasBuilder"/>):
/// give a worker or a viewer the token instead of the key.
/// </summary>
public static class BlobContainerSas
{
    /// <summary>Everything an artifact store does: read, write, delete and list.</summary>
    public const BlobContainerSasPermissions ArtifactStore =
        BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Delete | BlobContainerSasPermissions.List;

    /// <summary>
    /// A SAS token (query string without '?') for <paramref name="container"/> of <paramref name="account"/>
    /// (which must hold the account key), granting <paramref name="permissions"/> until <paramref name="expiresOn"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The account has no key, or no permission is asked for.</exception>
    public static string Create(AzureBlobAccount account, string container, BlobContainerSasPermissions permissions,
        DateTimeOffset expiresOn, DateTimeOffset? startsOn = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(container);
        if (account.AccountKey is not { Length: > 0 } key)
            throw new ArgumentException($"Account \"{account.AccountName}\" has no account key to sign a SAS token with.", nameof(account));
        if (permissions == 0)
            throw new ArgumentException("A SAS token needs at least one permission.", nameof(permissions));
        var builder = new BlobSasBuilder { BlobContainerName = container, Resource = "c", ExpiresOn = expiresOn };
        if (startsOn is { } start) builder.StartsOn = start;
        builder.SetPermissions(permissions);
        return builder.ToSasQueryParameters(new StorageSharedKeyCredential(account.AccountName, key)).ToString();
    }
}
