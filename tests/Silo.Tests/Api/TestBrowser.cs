using System.Net;
using System.Text.RegularExpressions;
using StyleFarm.Silo.Api.Access;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>What a browser does with the API's sign-in: keeps cookies, follows no redirect on its own, reads the CSRF token from the page.</summary>
public sealed partial class TestBrowser : IDisposable
{
    private readonly HttpClientHandler _handler;

    public TestBrowser(Uri address)
    {
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false };
        Http = new HttpClient(_handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>The session cookie the browser holds, or null.</summary>
    public Cookie? Session => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == AccessSchemes.CookieName && !c.Expired);

    /// <summary>GET /signin and the CSRF token of its form.</summary>
    public async Task<string> CsrfTokenAsync()
    {
        using var page = await Http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return CsrfOf(await page.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the sign-in page and posts its form with <paramref name="token"/> (the caller disposes the answer).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string token, string returnUrl = "/")
    {
        var csrf = await CsrfTokenAsync();
        return await Http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [CsrfToken.FormField] = csrf,
            ["returnUrl"] = returnUrl,
            ["token"] = token,
        }));
    }

    /// <summary>A POST with the session cookie and, when given, the CSRF header.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (csrf is not null) request.Headers.Add(CsrfToken.HeaderName, csrf);
        return Http.SendAsync(request);
    }

    public static string CsrfOf(string html) => CsrfField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("the page has no CSRF field");

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
