namespace StyleFarm.Silo.Api.Access;

/// <summary>The authentication schemes of the API role.</summary>
public static class AccessSchemes
{
    /// <summary><c>Authorization: Bearer TOKEN</c> (<see cref="BearerTokenHandler"/>): scripts and the CLI.</summary>
    public const string Bearer = "Bearer";

    /// <summary>The session cookie a browser gets from <c>POST /signin</c>; it holds the role claim only, never the token.</summary>
    public const string Cookie = "Cookie";

    /// <summary>The default: <see cref="Bearer"/> when the request has an <c>Authorization: Bearer</c> header (<see cref="HasBearer"/>), else <see cref="Cookie"/>.</summary>
    public const string BearerOrCookie = "BearerOrCookie";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "stylefarm-session";

    /// <summary>
    /// Whether the request has an <c>Authorization: Bearer …</c> header. Another scheme (a proxy's Basic sign-in in
    /// front of the dashboard) leaves the choice to the cookie.
    /// </summary>
    public static bool HasBearer(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.Headers.Authorization is { Count: > 0 } header && (header[0] ?? "").StartsWith("Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request was authenticated by the session cookie (an ambient credential, so it needs a CSRF token to change anything).</summary>
    public static bool ByCookie(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: Cookie };
}
