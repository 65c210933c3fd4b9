using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The bearer token: every /api route needs it, /healthz does not, and the token never reaches the logs.</summary>
public sealed class ApiAuthTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/jobs" },
        { "POST", "/api/jobs" },
        { "GET", "/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f" },
        { "POST", "/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/cancel" },
        { "POST", "/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/resume" },
        { "POST", "/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/retry-failed" },
        { "GET", "/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/events?after=0&wait=true" },
        { "GET", "/api/silos" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARouteWithoutATokenAnswers401AskingForOne(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _silo.Host.ApiAddress };
        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiJson.Body("{}") });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("Authorization: Bearer TOKEN", await ApiJson.ErrorOf(response));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARouteWithAWrongTokenAnswers401(string method, string path)
    {
        using var stranger = new HttpClient { BaseAddress = _silo.Host.ApiAddress };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestSilo.Token + "x");
        using var response = await stranger.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiJson.Body("{}") });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not this farm's", await ApiJson.ErrorOf(response));
    }

    [Fact]
    public async Task AnotherSchemeWithTheRightTokenAnswers401()
    {
        using var client = new HttpClient { BaseAddress = _silo.Host.ApiAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", TestSilo.Token);
        using var response = await client.GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HealthzAnswersWithoutATokenNamingTheSilo()
    {
        using var anonymous = new HttpClient { BaseAddress = _silo.Host.ApiAddress };
        using var response = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("test-silo", json.RootElement.GetProperty("silo").GetString());
    }

    [Fact]
    public async Task NeitherTheTokenNorAWrongOneAppearsInTheLogs()
    {
        using var stranger = new HttpClient { BaseAddress = _silo.Host.ApiAddress };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-guess-42424242");
        using (await stranger.GetAsync("/api/jobs")) { }
        using (await _silo.Http.GetAsync("/api/jobs")) { }
        await _silo.Host.StopAsync();

        var lines = _silo.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("api: listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(TestSilo.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("wrong-token-guess", StringComparison.Ordinal));
    }
}
