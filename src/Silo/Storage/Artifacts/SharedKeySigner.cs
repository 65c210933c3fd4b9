using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Shared Key authorization of Blob service requests: an HMAC-SHA256, keyed with the account key,
/// of a canonical string-to-sign built from the verb, the standard headers, the x-ms-* headers and
/// the resource (version 2015-02-21 and later rules).
/// </summary>
public sealed class SharedKeySigner
{
    private readonly string _accountName;
    private readonly byte[] _key;

    /// <summary>Creates a signer for <paramref name="accountName"/> with its base64 <paramref name="accountKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is not base64.</exception>
    public SharedKeySigner(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        _accountName = accountName;
        try { _key = Convert.FromBase64String(accountKey); }
        catch (FormatException e) { throw new ArgumentException($"The account key of \"{accountName}\" is not valid base64.", nameof(accountKey), e); }
    }

    /// <summary>Sets the Authorization header of <paramref name="request"/>; its x-ms-date and every signed header must already be set.</summary>
    public void Sign(HttpRequestMessage request)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(request))));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{_accountName}:{signature}");
    }

    /// <summary>The canonical string-to-sign of <paramref name="request"/>.</summary>
    public string StringToSign(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no address.", nameof(request));
        var content = request.Content?.Headers;
        var length = content?.ContentLength;
        var text = new StringBuilder();
        text.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        text.Append(Joined(content?.ContentEncoding)).Append('\n');
        text.Append(Joined(content?.ContentLanguage)).Append('\n');
        // Since version 2015-02-21 a zero length is signed as an empty line.
        text.Append(length is null or 0 ? "" : length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        text.Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n');
        text.Append(content?.ContentType?.ToString() ?? "").Append('\n');
        text.Append(Header(request, "Date")).Append('\n');
        text.Append(Header(request, "If-Modified-Since")).Append('\n');
        text.Append(Header(request, "If-Match")).Append('\n');
        text.Append(Header(request, "If-None-Match")).Append('\n');
        text.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        text.Append(Header(request, "Range")).Append('\n');
        AppendCanonicalizedHeaders(text, request);
        AppendCanonicalizedResource(text, uri);
        return text.ToString();
    }

    private static void AppendCanonicalizedHeaders(StringBuilder text, HttpRequestMessage request)
    {
        var headers = request.Headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(v => v.Trim()))))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
            text.Append(name).Append(':').Append(value).Append('\n');
    }

    private void AppendCanonicalizedResource(StringBuilder text, Uri uri)
    {
        // The encoded path as sent; for path-style (Azurite) addresses it starts with the account again.
        text.Append('/').Append(_accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return;
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!parameters.TryGetValue(name, out var values)) parameters[name] = values = [];
            values.Add(value);
        }
        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            text.Append('\n').Append(name).Append(':').Append(string.Join(",", values));
        }
    }

    private static string Joined(ICollection<string>? values) => values is null || values.Count == 0 ? "" : string.Join(",", values);

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
