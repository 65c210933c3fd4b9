using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Creates service SAS tokens for a container, signed with the account key: give a worker or a
/// viewer the token instead of the key.
/// </summary>
public static class BlobSas
{
    /// <summary>The service version the tokens are signed for.</summary>
    public const string Version = "2021-08-06";

    /// <summary>
    /// A SAS token (query string without '?') for <paramref name="container"/> of
    /// <paramref name="accountName"/>, granting <paramref name="permissions"/> until
    /// <paramref name="expiresOn"/>.
    /// </summary>
    public static string ForContainer(string accountName, string accountKey, string container,
        BlobSasPermissions permissions, DateTimeOffset expiresOn, DateTimeOffset? startsOn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        ArgumentException.ThrowIfNullOrEmpty(container);
        if (permissions == BlobSasPermissions.None)
            throw new ArgumentException("A SAS token needs at least one permission.", nameof(permissions));
        var sp = PermissionLetters(permissions);
        var st = startsOn is { } start ? Timestamp(start) : "";
        var se = Timestamp(expiresOn);
        const string sr = "c";
        // The string-to-sign of a service SAS, version 2020-12-06 and later: 16 lines.
        var stringToSign = string.Join('\n',
            sp, st, se, $"/blob/{accountName}/{container}", "", "", "", Version, sr, "", "", "", "", "", "", "");
        byte[] key;
        try { key = Convert.FromBase64String(accountKey); }
        catch (FormatException e) { throw new ArgumentException($"The account key of \"{accountName}\" is not valid base64.", nameof(accountKey), e); }
        var sig = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var query = new StringBuilder();
        query.Append("sv=").Append(Version);
        if (st.Length > 0) query.Append("&st=").Append(Uri.EscapeDataString(st));
        query.Append("&se=").Append(Uri.EscapeDataString(se));
        query.Append("&sr=").Append(sr);
        query.Append("&sp=").Append(sp);
        query.Append("&sig=").Append(Uri.EscapeDataString(sig));
        return query.ToString();
    }

    // Azure requires the letters in this order.
    private static string PermissionLetters(BlobSasPermissions permissions)
    {
        var letters = new StringBuilder();
        if (permissions.HasFlag(BlobSasPermissions.Read)) letters.Append('r');
        if (permissions.HasFlag(BlobSasPermissions.Add)) letters.Append('a');
        if (permissions.HasFlag(BlobSasPermissions.Create)) letters.Append('c');
        if (permissions.HasFlag(BlobSasPermissions.Write)) letters.Append('w');
        if (permissions.HasFlag(BlobSasPermissions.Delete)) letters.Append('d');
        if (permissions.HasFlag(BlobSasPermissions.List)) letters.Append('l');
        return letters.ToString();
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
