using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// The browser's sign-in: <c>GET /signin</c> shows the form, <c>POST /signin</c> (form with the CSRF token) checks the
/// token and sets the session cookie (the role claim only), then redirects to the local <c>returnUrl</c> or "/";
/// a wrong token gets the form again with 401 after <see cref="SignInThrottle"/>. <c>POST /signout</c> clears the cookie.
/// </summary>
public sealed class SignInEndpoints(AccessTokens tokens, SignInThrottle throttle, IAntiforgery antiforgery, ILogger log)
{
    /// <summary>What a wrong token is told.</summary>
    public const string NotValid = "that token is not valid";

    /// <summary>Adds the routes (open to everyone) to <paramref name="app"/>.</summary>
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext context, string? returnUrl) => SignInPage.Render(context, LocalUrl.OrRoot(returnUrl), null));
        app.MapPost("/signin", SignInAsync);
        app.MapPost("/signout", SignOutAsync);
    }

    private async Task<IResult> SignInAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType) return SignInPage.Render(context, "/", "send the sign-in form", StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var returnUrl = LocalUrl.OrRoot(form["returnUrl"]);
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return SignInPage.Render(context, returnUrl, "the sign-in form expired: enter the token again", StatusCodes.Status400BadRequest);
        }
        if (tokens.RoleOf(form["token"].ToString().Trim()) is not { } role)
        {
            log.LogWarning("api: a sign-in with a wrong token was refused");
            await throttle.FailedAsync(cancellationToken);
            return SignInPage.Render(context, returnUrl, NotValid, StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], AccessSchemes.Cookie, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(AccessSchemes.Cookie, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        log.LogInformation("api: a browser signed in as {Role}", role);
        return TypedResults.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(AccessSchemes.Cookie);
        return TypedResults.Redirect("/signin");
    }
}
