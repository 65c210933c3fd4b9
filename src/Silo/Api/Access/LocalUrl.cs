namespace StyleFarm.Silo.Api.Access;

/// <summary>Which return addresses the sign-in may redirect to: paths on this site only, so it is no open redirect.</summary>
public static class LocalUrl
{
    /// <summary>
    /// Whether <paramref name="url"/> is a path on this site: starts with one '/', not "//" or "/\" (which browsers take
    /// as another host), and holds no backslash or control character.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c));

    /// <summary><paramref name="url"/> when it is local, else "/".</summary>
    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
