using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// Wires the API role's access control into ASP.NET Core: bearer and cookie authentication behind a policy scheme,
/// the two policies, antiforgery, and the middleware order (authentication, authorization, then <see cref="CsrfCheck"/>).
/// </summary>
public static class AccessSetup
{
    /// <summary>Registers the schemes, policies and antiforgery for <paramref name="options"/>' tokens.</summary>
    public static void AddAccess(this IServiceCollection services, ApiOptions options, TimeProvider time)
    {
        services.AddSingleton(new AccessTokens(options.OperatorToken, options.ViewerToken));
        services.AddSingleton(new SignInThrottle(options.FailedSignInDelay, time));
        // The key that seals the session and antiforgery cookies lives in memory: no key file to guard, and a restart
        // signs browsers out (several API silos behind one address need sticky sessions).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(AccessSchemes.BearerOrCookie)
            .AddPolicyScheme(AccessSchemes.BearerOrCookie, "bearer header, else the session cookie", policy =>
                policy.ForwardDefaultSelector = context => AccessSchemes.HasBearer(context.Request) ? AccessSchemes.Bearer : AccessSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AccessSchemes.Bearer, _ => { })
            .AddCookie(AccessSchemes.Cookie, cookie => Configure(cookie, options, time));
        services.AddAuthorization(AccessPolicies.Add);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = CsrfToken.HeaderName;
            antiforgery.FormFieldName = CsrfToken.FormField;
            antiforgery.Cookie.Name = CsrfToken.CookieName;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
    }

    /// <summary>Adds the middleware: who the caller is, whether the route admits them, and the CSRF check of cookie requests.</summary>
    public static void UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CsrfCheck>();
    }

    private static void Configure(CookieAuthenticationOptions cookie, ApiOptions options, TimeProvider time)
    {
        cookie.Cookie.Name = AccessSchemes.CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = options.SessionIdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.TimeProvider = time;
        cookie.LoginPath = "/signin";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events.OnRedirectToLogin = context =>
        {
            if (AccessAnswers.IsApi(context.Request)) return AccessAnswers.UnauthorizedAsync(context.HttpContext, AccessAnswers.NoCredential);
            var request = context.Request;
            // A relative address: the page asked for, on this site, whatever Host header came with the request.
            context.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString));
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context => AccessAnswers.ForbiddenAsync(context.HttpContext);
    }
}
