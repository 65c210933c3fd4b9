using System.Text;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Where a storage account's blob service is and how requests to it are authorized: by the account
/// key (Shared Key) or by a SAS token, exactly one of the two.
/// </summary>
public sealed record AzureBlobAccount
{
    /// <summary>The account key of the storage emulator (Azurite), published by Microsoft.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The storage emulator's account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>
    /// The blob service endpoint: <c>https://ACCOUNT.blob.core.windows.net</c>, or for Azurite the
    /// path-style <c>http://127.0.0.1:PORT/devstoreaccount1</c>. Containers are addressed below it.
    /// </summary>
    public required Uri BlobEndpoint { get; init; }

    /// <summary>The account name, which Shared Key signatures include.</summary>
    public required string AccountName { get; init; }

    /// <summary>The base64 account key for Shared Key authorization; null when a SAS token is used.</summary>
    public string? AccountKey { get; init; }

    /// <summary>A SAS token (the query string of a service or account SAS, with or without '?'); null when the account key is used.</summary>
    public string? SasToken { get; init; }

    /// <summary>Azurite's account on 127.0.0.1 at <paramref name="port"/> (10000 by default), with its well-known key.</summary>
    public static AzureBlobAccount Development(int port = 10000) => new()
    {
        BlobEndpoint = new Uri($"http://127.0.0.1:{port}/{DevelopmentAccountName}"),
        AccountName = DevelopmentAccountName,
        AccountKey = DevelopmentAccountKey,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming what is missing or malformed.</summary>
    public void Validate()
    {
        if (!BlobEndpoint.IsAbsoluteUri || (BlobEndpoint.Scheme != Uri.UriSchemeHttp && BlobEndpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The blob endpoint \"{BlobEndpoint}\" must be an absolute http or https address.");
        if (!string.IsNullOrEmpty(BlobEndpoint.Query))
            throw new ArgumentException($"The blob endpoint \"{BlobEndpoint}\" has a query string; give a SAS token as SasToken (SharedAccessSignature in a connection string) instead.");
        if (string.IsNullOrWhiteSpace(AccountName))
            throw new ArgumentException("The storage account name is empty; set AccountName.");
        var hasKey = !string.IsNullOrEmpty(AccountKey);
        var hasSas = !string.IsNullOrEmpty(SasToken);
        if (hasKey == hasSas)
            throw new ArgumentException(hasKey
                ? $"Account \"{AccountName}\" has both an account key and a SAS token; give exactly one."
                : $"Account \"{AccountName}\" has neither an account key nor a SAS token; give AccountKey (Shared Key) or SharedAccessSignature.");
        if (hasKey && !IsBase64(AccountKey!))
            throw new ArgumentException($"The account key of \"{AccountName}\" is not valid base64; copy it again from the storage account's access keys.");
    }

    // Records print every property; the secrets are left out so that logged options leak nothing.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("BlobEndpoint = ").Append(BlobEndpoint).Append(", AccountName = ").Append(AccountName)
            .Append(", AccountKey = ").Append(AccountKey is null ? "null" : "(hidden)")
            .Append(", SasToken = ").Append(SasToken is null ? "null" : "(hidden)");
        return true;
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out _);
    }
}
