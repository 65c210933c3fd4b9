using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// The sign-in page: one password field for a token, plain HTML and inline CSS, no script and no external asset.
/// Signed in, it also says with which role and offers to sign out. It never shows a token.
/// </summary>
public static class SignInPage
{
    /// <summary>The page as an answer with <paramref name="status"/>; <paramref name="error"/> shows above the form.</summary>
    public static IResult Render(HttpContext context, string returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var csrf = HtmlEncoder.Default.Encode(CsrfToken.For(context));
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>StyleFarm · sign in</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
            label { display: block; margin: 1rem 0 .3rem; }
            input[type=password] { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; }
            button { margin-top: 1rem; padding: .5rem 1.2rem; font: inherit; }
            .error { color: #a00; font-weight: bold; }
            .note { color: #555; font-size: .9rem; }
            </style>
            </head>
            <body>
            <h1>StyleFarm</h1>

            """);
        if (error is not null) html.Append("<p class=\"error\" role=\"alert\">").Append(HtmlEncoder.Default.Encode(error)).Append("</p>\n");
        if (AccessPolicies.RoleOf(context) is { } role)
            html.Append("<p>Signed in as <strong>").Append(role).Append("</strong>.</p>\n")
                .Append("<form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"").Append(CsrfToken.FormField).Append("\" value=\"").Append(csrf)
                .Append("\"><button type=\"submit\">Sign out</button></form>\n");
        html.Append("<form method=\"post\" action=\"/signin\">\n")
            .Append("<input type=\"hidden\" name=\"").Append(CsrfToken.FormField).Append("\" value=\"").Append(csrf).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(HtmlEncoder.Default.Encode(returnUrl)).Append("\">\n")
            .Append("""
                <label for="token">Token (operator or viewer)</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                <button type="submit">Sign in</button>
                </form>
                <p class="note">The farm's tokens are files in its data folder: <code>token</code> (operator: may also cancel, resume and retry)
                and <code>viewer-token</code> (viewer: may look). <code>stylefarm cluster up</code> says where they are.</p>
                </body>
                </html>

                """);
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
