using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Tasks;

namespace StyleFarm.Silo.Tests.Hosting;

/// <summary>Two coordinator silos on one PostgreSQL database: the advisory lock lets one hold the role, and the other takes over when it stops.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCoordinatorRoleTests(PostgresFixture fixture) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string? _database;

    public async Task InitializeAsync() => _database = await fixture.Server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null) await fixture.Server.DropDatabaseAsync(_database);
        _folder.Dispose();
    }

    private SiloOptions Options(string name) => TestSilo.Options(SiloRoles.Coordinator, _folder.Path, name) with
    {
        Store = new TaskStoreLocation(TaskStoreKind.Postgres, fixture.Server.ConnectionString(_database!)),
        Artifacts = new ArtifactStoreOptions { Folder = Path.Combine(_folder.Path, "artifacts") },
    };

    [Fact]
    public async Task OnlyOneOfTwoSilosHoldsTheRoleAndTheOtherTakesOverWhenItStops()
    {
        var first = await TestSilo.StartAsync(SiloRoles.Coordinator, Options("first"));
        await using var firstCleanup = first;
        await new RoleBarrier(first.Host.Coordinator!).Held.WaitAsync(ApiJson.Deadline);
        await using var second = await TestSilo.StartAsync(SiloRoles.Coordinator, Options("second"));
        var secondRole = new RoleBarrier(second.Host.Coordinator!);

        await secondRole.StandingBy.WaitAsync(ApiJson.Deadline);
        Assert.True(first.Host.Coordinator!.IsHeld);
        Assert.False(second.Host.Coordinator!.IsHeld);

        await first.Host.StopAsync();
        await secondRole.Held.WaitAsync(ApiJson.Deadline);
        Assert.True(second.Host.Coordinator.IsHeld);
        Assert.Equal(["second"], (await second.Host.Store.ListSilosAsync(CancellationToken.None)).Select(s => s.Id.Value));
    }

    [Fact]
    public async Task AHolderWhoseSessionDiesLosesTheRoleAndTheFarmHasOneCoordinatorAgain()
    {
        var first = await TestSilo.StartAsync(SiloRoles.Coordinator, Options("first"));
        await using var firstCleanup = first;
        var firstRole = first.Host.Coordinator!;
        await new RoleBarrier(firstRole).Held.WaitAsync(ApiJson.Deadline);
        await using var second = await TestSilo.StartAsync(SiloRoles.Coordinator, Options("second"));
        var secondRole = second.Host.Coordinator!;
        await new RoleBarrier(secondRole).StandingBy.WaitAsync(ApiJson.Deadline);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var retaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        firstRole.HeldChanged += held =>
        {
            if (!held) lost.TrySetResult();
            else if (lost.Task.IsCompleted) retaken.TrySetResult();
        };
        secondRole.HeldChanged += held =>
        {
            if (held) retaken.TrySetResult();
        };

        // The lock's session ends as a network failure would end it; the server releases the lock with it.
        Assert.True(await fixture.Server.TerminateSessionAsync(Assert.Single(await LockHoldersAsync())));

        await lost.Task.WaitAsync(ApiJson.Deadline);
        await retaken.Task.WaitAsync(ApiJson.Deadline);
        Assert.Single(new[] { firstRole.IsHeld, secondRole.IsHeld }, held => held);
        Assert.Single(await LockHoldersAsync());
    }

    private async Task<List<int>> LockHoldersAsync()
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(fixture.Server.ConnectionString(_database!));
        await using var command = data.CreateCommand("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }
}
