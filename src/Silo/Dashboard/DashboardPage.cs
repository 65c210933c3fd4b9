using System.Net;
using System.Text;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// The HTML of a dashboard page: a shell with the navigation, the page's first data embedded as JSON (so it renders
/// without waiting for a second request), and the one script that draws it and listens for updates. No inline
/// script and no asset from elsewhere, so the content security policy can forbid both.
/// </summary>
public static class DashboardPage
{
    /// <summary>The content security policy of every page: only this origin's script, style, images and connections.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The page <paramref name="kind"/> (farm, jobs, job) titled <paramref name="title"/>.</summary>
    /// <param name="live">The URL of its server-sent events.</param>
    /// <param name="json">Its first data, as the live stream would send it.</param>
    /// <param name="access">The browser's anti-forgery token and role.</param>
    /// <param name="assetVersion">Appended to asset URLs so a new build's script is not served from an old cache.</param>
    public static string Render(string kind, string title, string live, byte[] json, PageAccess access, string assetVersion)
    {
        var html = new StringBuilder(4096 + json.Length);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Encode(title)).Append(" · StyleFarm</title>\n");
        html.Append("<meta name=\"csrf-token\" content=\"").Append(Encode(access.CsrfToken)).Append("\">\n");
        html.Append("<link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css?v=").Append(assetVersion).Append("\">\n");
        html.Append("<script defer src=\"/dashboard/assets/dashboard.js?v=").Append(assetVersion).Append("\"></script>\n</head>\n");
        html.Append("<body data-page=\"").Append(kind).Append("\" data-live=\"").Append(Encode(live)).Append("\" data-operator=\"")
            .Append(access.IsOperator ? "true" : "false").Append("\">\n");
        html.Append("<header><a class=\"brand\" href=\"/\">StyleFarm</a><nav>");
        Link(html, "/", "Farm", kind == "farm");
        Link(html, "/jobs", "Jobs", kind is "jobs" or "job");
        Link(html, "/orleans/", "Orleans", false);
        html.Append("</nav><span class=\"who\">").Append(access.IsOperator ? "operator" : "viewer").Append("</span>");
        html.Append("<form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"").Append(Api.Access.CsrfToken.FormField).Append("\" value=\"")
            .Append(Encode(access.CsrfToken)).Append("\"><button type=\"submit\">Sign out</button></form>");
        html.Append("<span id=\"live\" class=\"live\" title=\"live updates\">connecting…</span></header>\n");
        html.Append("<main id=\"main\"><h1>").Append(Encode(title)).Append("</h1><p class=\"muted\">Loading…</p></main>\n");
        // System.Text.Json escapes '<' and '&', so the data cannot close this element.
        html.Append("<script type=\"application/json\" id=\"data\">").Append(Encoding.UTF8.GetString(json)).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Link(StringBuilder html, string href, string text, bool current) =>
        html.Append("<a href=\"").Append(href).Append('"').Append(current ? " aria-current=\"page\"" : "").Append('>').Append(text).Append("</a>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
