using System.Net;
using System.Text.Json;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Storage;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The Orleans Dashboard of an API silo sees a silo without the API role: the other silo runs the dashboard's grain service too.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOrleansDashboardTests(PostgresFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string _database = "";
    private TestSilo _api = null!;
    private TestSilo _coordinator = null!;

    public async Task InitializeAsync()
    {
        _database = await fixture.Server.CreateDatabaseAsync();
        _api = await TestSilo.StartAsync(SiloRoles.Api, On(TestSilo.Options(SiloRoles.Api, _folder.Path, "api-silo")));
        _coordinator = await TestSilo.StartAsync(SiloRoles.Coordinator, On(TestSilo.Options(SiloRoles.Coordinator, _folder.Path, "coordinator-silo") with { Api = null }));
    }

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        await _api.DisposeAsync();
        await fixture.Server.DropDatabaseAsync(_database);
        _folder.Dispose();
    }

    [Fact]
    public async Task TheApiSilosDashboardListsBothSilosAndReadsTheOthersOwnCounters()
    {
        var other = ((ILocalSiloDetails)_coordinator.Host.Node.Services.GetService(typeof(ILocalSiloDetails))!).SiloAddress.ToParsableString();

        // The dashboard grain refreshes its list at most once a second, and the second silo joined after it started.
        var names = await SiloNamesAsync();
        for (var tries = 0; names.Count < 2 && tries < 75; tries++)
        {
            await Task.Delay(200);
            names = await SiloNamesAsync();
        }
        Assert.Equal(["api-silo", "coordinator-silo"], names.Order(StringComparer.Ordinal));

        // Answered by the dashboard's grain service on the coordinator silo itself: it exists only where AddOrleansDashboard ran.
        using var properties = await _api.Http.GetAsync($"/orleans/SiloProperties/{other}");
        var body = await properties.Content.ReadAsStringAsync();
        output.WriteLine(body);
        Assert.Equal(HttpStatusCode.OK, properties.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Contains(json.RootElement.EnumerateObject(), p => p.Value.GetString()?.Contains("10.4.2", StringComparison.Ordinal) == true);
    }

    private SiloOptions On(SiloOptions options) => options with
    {
        Store = new GrainStoreLocation(GrainStoreKind.Postgres, fixture.Server.ConnectionString(_database)),
    };

    private async Task<List<string>> SiloNamesAsync()
    {
        using var response = await _api.Http.GetAsync("/orleans/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("hosts").EnumerateArray()
            .Where(h => h.GetProperty("status").GetString() == "Active")
            .Select(h => h.GetProperty("siloName").GetString()!).ToList();
    }
}
