using System.Net;
using System.Text.Json;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The Orleans Dashboard under /orleans on a real API silo's port: its page, its counters naming this silo, its closed routes, no port of its own.</summary>
public sealed class OrleansDashboardTests : IAsyncLifetime
{
    // The port the Orleans Dashboard packages before 10.x listened on by themselves.
    private const int OldDashboardPort = 8080;

    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ThePageIsTheDashboardsHtml()
    {
        using var response = await _silo.Http.GetAsync("/orleans/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("index.min.js", html, StringComparison.Ordinal);
        // Its script is served beside it, as the page's relative address asks.
        using var script = await _silo.Http.GetAsync("/orleans/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task WithoutTheTrailingSlashThePageRedirectsToIt()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _silo.Host.ApiAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestSilo.ViewerToken);
        using var response = await client.GetAsync("/orleans");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/orleans/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ItsCountersNameThisSiloByNameAndAddress()
    {
        var address = ((ILocalSiloDetails)_silo.Host.Node.Services.GetService(typeof(ILocalSiloDetails))!).SiloAddress.ToParsableString();

        // The dashboard grain refreshes its counters at most once a second: the first answer may list no silo yet.
        var hosts = await HostsAsync();
        for (var tries = 0; hosts.Count == 0 && tries < 50; tries++)
        {
            await Task.Delay(200);
            hosts = await HostsAsync();
        }

        var host = Assert.Single(hosts);
        Assert.Equal("test-silo", host.GetProperty("siloName").GetString());
        Assert.Equal(address, host.GetProperty("siloAddress").GetString());
        Assert.Equal("Active", host.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ItsSiloSideStartedWithoutAWarning()
    {
        // The dashboard's host logs a warning when its grain or its grain service cannot be activated at start.
        await ItsCountersNameThisSiloByNameAndAddress();

        Assert.DoesNotContain(_silo.Logs.Lines, l => l.StartsWith("Warning Orleans.Dashboard", StringComparison.Ordinal) || l.StartsWith("Error Orleans.Dashboard", StringComparison.Ordinal));
        Assert.Contains(_silo.Logs.Lines, l => l.Contains("Orleans.Dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ItsLogStreamAndGrainStateViewAreClosed()
    {
        using var trace = await _silo.Http.GetAsync("/orleans/Trace");
        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
        Assert.Equal(OrleansDashboardRoutes.TraceRefused, await ApiJson.ErrorOf(trace));

        using var state = await _silo.Http.GetAsync("/orleans/grainstate/?grainId=0&grainType=StyleFarm.Grains.Cluster.JobListGrain");
        Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
        Assert.Equal(OrleansDashboardRoutes.GrainStateRefused, await ApiJson.ErrorOf(state));
    }

    [Fact]
    public void TheDashboardOpensNoPortOfItsOwn()
    {
        var ports = ListeningPorts.OfThisProcess();

        Assert.Contains(_silo.Host.ApiAddress!.Port, ports);
        Assert.DoesNotContain(OldDashboardPort, ports);
    }

    private async Task<List<JsonElement>> HostsAsync()
    {
        using var response = await _silo.Http.GetAsync("/orleans/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.Clone()).ToList();
    }
}
