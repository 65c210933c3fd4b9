using System.Net;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Tasks;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The API over PostgreSQL: the same answers, and a store that fails mid-request gives a 500 in the API's error shape.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTests(PostgresFixture fixture) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string _database = "";
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await fixture.Server.CreateDatabaseAsync();
        _silo = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, _folder.Path) with
        {
            Store = new TaskStoreLocation(TaskStoreKind.Postgres, fixture.Server.ConnectionString(_database)),
            Artifacts = new ArtifactStoreOptions { Folder = Path.Combine(_folder.Path, "artifacts") },
        });
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await fixture.Server.DropDatabaseAsync(_database);
        _folder.Dispose();
    }

    [Fact]
    public async Task ALongPollWakesOnAChangeMadeThroughAnotherSilosStore()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        var seen = (await ApiJson.EventsAsync(_silo.Http, job!.Id, after: 0)).Last;
        var poll = ApiJson.EventsAsync(_silo.Http, job.Id, after: seen, wait: true, timeout: 60);
        await _silo.Logs.WaitForAsync(l => l.Contains($"events of job {job.Id}: waiting", StringComparison.Ordinal), ApiJson.Deadline);

        // Another silo (its own store instance, its own connections) cancels the job: NOTIFY carries the wake-up across.
        await using var other = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, _folder.Path, "other") with
        {
            Store = new TaskStoreLocation(TaskStoreKind.Postgres, fixture.Server.ConnectionString(_database)),
        });
        var (status, _, _) = await ApiJson.PostAsync(other.Http, $"/api/jobs/{job.Id}/cancel");
        Assert.Equal(HttpStatusCode.OK, status);

        var answer = await poll.WaitAsync(ApiJson.Deadline);
        Assert.Equal(Grains.Jobs.JobState.Cancelled, Assert.Single(answer.Events).State);
    }

    [Fact]
    public async Task AStoreThatFailsMidRequestAnswers500SayingWhy()
    {
        await fixture.Server.DropDatabaseAsync(_database);

        using var response = await _silo.Http.GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ApiJson.ErrorOf(response);
        // PostgreSQL's own words follow (a terminated session or a missing database, depending on the pool's state).
        Assert.Matches("^the silo could not answer: [0-9A-Z]{5}: .+", error);
    }
}
