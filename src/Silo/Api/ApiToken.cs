using System.Security.Cryptography;
using System.Text;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The API's bearer token. It never prints (<see cref="ToString"/> hides it), and checks compare in
/// constant time so response timing does not leak how much of a guess was right.
/// </summary>
public sealed class ApiToken
{
    /// <summary>Shortest accepted token: 16 characters, so a guess is not practical.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _bytes;

    /// <summary>Wraps <paramref name="token"/>.</summary>
    /// <exception cref="ArgumentException">The token is shorter than <see cref="MinimumLength"/> or contains whitespace.</exception>
    public ApiToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length < MinimumLength || token.Any(char.IsWhiteSpace))
            throw new ArgumentException($"the API token must be at least {MinimumLength} characters without spaces (it has {token.Length}): generate one, e.g. `openssl rand -hex 24`");
        _bytes = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>Reads a token from the first line of <paramref name="path"/> (a secret mounted as a file).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">The file holds no valid token.</exception>
    public static ApiToken FromFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read the API token file {path}: {e.Message}", e);
        }
        var line = text.Split('\n', 2)[0].Trim();
        if (line.Length == 0) throw new ArgumentException($"the API token file {path} is empty: write the token on its first line");
        return new ApiToken(line);
    }

    /// <summary>A new random token (48 hex digits).</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Whether an <c>Authorization</c> header value is "Bearer " followed by this token.</summary>
    public bool Matches(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return Is(authorization[scheme.Length..].Trim());
    }

    /// <summary>Whether <paramref name="offered"/> is this token (constant time: how much of a guess is right does not show).</summary>
    public bool Is(string? offered) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _bytes);

    /// <summary>Whether <paramref name="other"/> holds the same token (two roles must not share one).</summary>
    public bool SameAs(ApiToken other) => CryptographicOperations.FixedTimeEquals(other._bytes, _bytes);

    /// <summary>"(hidden)": the token is a secret.</summary>
    public override string ToString() => "(hidden)";
}
