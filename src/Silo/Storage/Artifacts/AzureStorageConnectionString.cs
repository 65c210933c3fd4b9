namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Parses Azure Storage connection strings into an <see cref="AzureBlobAccount"/>:
/// <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net</c>,
/// with an explicit <c>BlobEndpoint=…</c> (Azurite: <c>http://127.0.0.1:10000/devstoreaccount1</c>),
/// with <c>SharedAccessSignature=…</c> instead of a key, or <c>UseDevelopmentStorage=true</c>.
/// </summary>
public static class AzureStorageConnectionString
{
    /// <summary>Parses <paramref name="connectionString"/>; names are case-insensitive, unknown names are ignored.</summary>
    /// <exception cref="FormatException">A part is not NAME=VALUE, a name repeats, or the account cannot be determined; the message says which.</exception>
    public static AzureBlobAccount Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in connectionString.Split(';'))
        {
            var part = raw.Trim();
            if (part.Length == 0) continue;
            // Split at the first '=' only: keys and SAS tokens contain '='.
            var equals = part.IndexOf('=');
            if (equals <= 0)
                throw new FormatException($"Connection string part \"{Redact(part)}\" is not NAME=VALUE.");
            var name = part[..equals].Trim();
            if (!parts.TryAdd(name, part[(equals + 1)..].Trim()))
                throw new FormatException($"Connection string sets \"{name}\" twice.");
        }
        if (parts.Count == 0)
            throw new FormatException("The connection string is empty.");

        if (parts.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!development.Equals("true", StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"UseDevelopmentStorage is \"{development}\"; only \"true\" is meaningful.");
            return AzureBlobAccount.Development();
        }

        parts.TryGetValue("AccountName", out var accountName);
        parts.TryGetValue("AccountKey", out var accountKey);
        parts.TryGetValue("SharedAccessSignature", out var sas);
        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            if (!Uri.TryCreate(blobEndpoint, UriKind.Absolute, out endpoint!))
                throw new FormatException($"BlobEndpoint \"{blobEndpoint}\" is not an absolute address.");
            // Path-style endpoints (Azurite) carry the account name as their first path segment.
            accountName ??= endpoint.AbsolutePath.Trim('/').Split('/')[0] is { Length: > 0 } fromPath ? fromPath : endpoint.Host.Split('.')[0];
        }
        else
        {
            if (string.IsNullOrEmpty(accountName))
                throw new FormatException("The connection string has neither BlobEndpoint nor AccountName; add AccountName (and AccountKey or SharedAccessSignature).");
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            if (protocol != "https" && protocol != "http")
                throw new FormatException($"DefaultEndpointsProtocol is \"{protocol}\"; use https or http.");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{accountName}.blob.{suffix}");
        }

        var account = new AzureBlobAccount
        {
            BlobEndpoint = endpoint,
            AccountName = accountName ?? "",
            AccountKey = string.IsNullOrEmpty(accountKey) ? null : accountKey,
            SasToken = string.IsNullOrEmpty(sas) ? null : sas,
        };
        try { account.Validate(); }
        catch (ArgumentException e) { throw new FormatException($"Connection string: {e.Message}", e); }
        return account;
    }

    // Never echo a secret back into an error message.
    private static string Redact(string part) => part.Length > 24 ? part[..12] + "…" : part;
}
