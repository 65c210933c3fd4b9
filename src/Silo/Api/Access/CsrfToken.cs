using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// The antiforgery (CSRF) token a page hands its scripts and forms: a request that changes something and comes with the
/// session cookie must carry it, in the <see cref="HeaderName"/> header (fetch) or the <see cref="FormField"/> field (a form).
/// </summary>
public static class CsrfToken
{
    /// <summary>The request header that carries the token.</summary>
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>The form field that carries the token.</summary>
    public const string FormField = "__csrf";

    /// <summary>The cookie that holds the token's other half (HttpOnly, SameSite=Strict).</summary>
    public const string CookieName = "stylefarm-csrf";

    /// <summary>
    /// The request token for the page <paramref name="context"/> is rendering (put it in <c>&lt;meta name="csrf-token"&gt;</c>);
    /// sets the antiforgery cookie on the response when the browser has none. Call it before the response starts.
    /// </summary>
    public static string For(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken
        ?? throw new InvalidOperationException("antiforgery gave no request token: is AddAntiforgery configured?");
}
