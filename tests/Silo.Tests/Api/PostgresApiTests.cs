using StyleFarm.Silo.Api;
using System.Net;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Storage;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The API over a farm on PostgreSQL: two silos of one cluster see one job, and a database that fails mid-request gives a 500 in the API's error shape.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTests(PostgresFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string _database = "";
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await fixture.Server.CreateDatabaseAsync();
        _silo = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, _folder.Path) with
        {
            Store = new GrainStoreLocation(GrainStoreKind.Postgres, fixture.Server.ConnectionString(_database)),
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
    public async Task ALongPollSeesAChangeMadeThroughAnotherSilo()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        var seen = (await ApiJson.EventsAsync(_silo.Http, job!.Id, after: 0)).Last;
        var poll = ApiJson.EventsAsync(_silo.Http, job.Id, after: seen, wait: true, timeout: 60);
        await _silo.Logs.WaitForAsync(l => l.Contains($"events of job {job.Id}: waiting", StringComparison.Ordinal), ApiJson.Deadline);

        // Another silo of the cluster cancels the job: it reaches the same job grain, wherever that lives.
        await using var other = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, _folder.Path, "other") with
        {
            Store = new GrainStoreLocation(GrainStoreKind.Postgres, fixture.Server.ConnectionString(_database)),
        });
        var (status, _, _) = await ApiJson.PostAsync(other.Http, $"/api/jobs/{job.Id}/cancel");
        Assert.Equal(HttpStatusCode.OK, status);

        var answer = await poll.WaitAsync(ApiJson.Deadline);
        Assert.Equal(Grains.Jobs.JobState.Cancelled, Assert.Single(answer.Events).State);
    }

    [Fact]
    public async Task ADatabaseThatFailsMidRequestAnswers500SayingWhy()
    {
        await fixture.Server.DropDatabaseAsync(_database);

        // A new job's grain cannot store it.
        using var response = await _silo.Http.PostAsync("/api/jobs", System.Net.Http.Json.JsonContent.Create(ApiJson.Spec(), ApiJsonContext.Default.SubmitJobRequest));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ApiJson.ErrorOf(response);
        output.WriteLine(error);
        Assert.StartsWith("the silo could not answer: ", error);
    }
}
