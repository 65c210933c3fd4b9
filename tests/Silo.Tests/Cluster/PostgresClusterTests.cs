using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Metadata;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Storage;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Cluster;
using StyleFarm.Grains.Cluster;
using StyleFarm.Silo.Storage.Schema;
using StyleFarm.Silo.Tests.Storage;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// Orleans silos on the farm's PostgreSQL database, through the ADO.NET providers and the queries of our own
/// migrations: membership, silo metadata and placement by it, grain state and reminders. Each test has a fresh database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly List<OrleansNode> _nodes = [];
    private string _database = "";

    private string ConnectionString => fixture.Server.ConnectionString(_database);

    public async Task InitializeAsync()
    {
        _database = await fixture.Server.CreateDatabaseAsync();
        // Every migration: Orleans' tables and queries.
        await FarmDatabase.MigrateAsync(ConnectionString, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await fixture.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task TwoSilosOnOneDatabaseFormOneClusterAndSeeEachOthersRolesAndCapabilities()
    {
        var a = await StartAsync("silo-a", "worker,api", new WorkerCapabilities(0, 0, 8L << 30));
        var b = await StartAsync("silo-b", "worker", new WorkerCapabilities(1, 80L << 30, 16L << 30));

        var membership = a.Services.GetRequiredService<IClusterMembershipService>();
        await WaitForAsync(membership, snapshot => snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == 2);

        var other = membership.CurrentSnapshot.Members.Values.Single(m => m.Name == "silo-b").SiloAddress;
        var metadata = a.Services.GetRequiredService<ISiloMetadataCache>().GetSiloMetadata(other).Metadata;
        Assert.Equal("silo-b", metadata[SiloMetadataKeys.Name]);
        Assert.True(SiloMetadataKeys.HasRole(metadata, "worker"));
        Assert.False(SiloMetadataKeys.HasRole(metadata, "api"));
        Assert.Equal(new WorkerCapabilities(1, 80L << 30, 16L << 30), SiloMetadataKeys.CapabilitiesOf(metadata));
        Assert.Equal([("silo-a", 3), ("silo-b", 3)], await MembersAsync());
        Assert.NotNull(b);
    }

    [Fact]
    public async Task TheMigrationsLeaveOrleansTablesAndNoneOfTheLeaseEngine_AndASecondRunAppliesNothing()
    {
        Assert.Empty(await FarmDatabase.MigrateAsync(ConnectionString, CancellationToken.None));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Equal(["orleans_membership", "orleans_membership_version", "orleans_reminders", "orleans_storage", "orleansquery", "schema_migrations"], tables);
    }

    [Fact]
    public async Task CoordinationGrainsArePlacedOnSilosWithTheCoordinatorRole()
    {
        var worker = await StartAsync("silo-w", "worker,api", new WorkerCapabilities(0, 0, 1L << 30));
        await StartAsync("silo-c", "coordinator", new WorkerCapabilities(0, 0, 1L << 30));
        var membership = worker.Services.GetRequiredService<IClusterMembershipService>();
        await WaitForAsync(membership, snapshot => snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == 2);
        // Placement reads what the worker's silo knows: wait until its metadata cache has the coordinator's roles and its
        // cluster manifest lists the coordinator (until then Orleans counts the new silo unable to host any grain).
        var coordinator = membership.CurrentSnapshot.Members.Values.Single(m => m.Name == "silo-c").SiloAddress;
        var cache = worker.Services.GetRequiredService<ISiloMetadataCache>();
        var manifest = worker.Services.GetRequiredService<IClusterManifestProvider>();
        using (var deadline = new CancellationTokenSource(Deadline))
            while (!SiloMetadataKeys.HasRole(cache.GetSiloMetadata(coordinator).Metadata, "coordinator") || !manifest.Current.Silos.ContainsKey(coordinator))
                await Task.Delay(20, deadline.Token);
        var grains = worker.Services.GetRequiredService<IGrainFactory>();

        var homes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => grains.GetGrain<IPlacedProbeGrain>($"job-{i}").SiloAsync()));

        Assert.All(homes, home => Assert.Equal("silo-c", home));
    }

    [Fact]
    public async Task ASiloThatLeavesIsMarkedDeadForTheOthers()
    {
        var a = await StartAsync("silo-a", "worker", new WorkerCapabilities(0, 0, 1L << 30));
        var b = await StartAsync("silo-b", "worker", new WorkerCapabilities(0, 0, 1L << 30));
        var membership = a.Services.GetRequiredService<IClusterMembershipService>();
        await WaitForAsync(membership, snapshot => snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == 2);

        _nodes.Remove(b);
        await b.DisposeAsync();

        await WaitForAsync(membership, snapshot => snapshot.Members.Values.Any(m => m.Name == "silo-b" && m.Status == SiloStatus.Dead));
        Assert.Equal([("silo-a", 3), ("silo-b", 6)], await MembersAsync());
    }

    [Fact]
    public async Task GrainStateOutlivesTheSiloThatWroteIt()
    {
        var first = await StartAsync("silo-a", "worker", new WorkerCapabilities(0, 0, 1L << 30));
        var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("job-1");
        Assert.Equal(1, await grain.IncrementAsync());
        Assert.Equal(2, await grain.IncrementAsync());
        _nodes.Remove(first);
        await first.DisposeAsync();

        var second = await StartAsync("silo-b", "worker", new WorkerCapabilities(0, 0, 1L << 30));
        var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("job-1");

        Assert.Equal(2, await again.ReadAsync());
        Assert.Equal(3, await again.IncrementAsync());
        Assert.Equal((1L, 3), await ScalarsAsync("SELECT count(*), max(version) FROM orleans_storage"));
    }

    [Fact]
    public async Task AJobGrainsStateReadBackByAnotherSiloIsTheStateItWrote()
    {
        var first = await StartAsync("silo-a", "coordinator", new WorkerCapabilities(0, 0, 1L << 30));
        var id = JobId.New(TimeProvider.System).ToString();
        var spec = Execution.TestFarm.Spec("/in.mkv", "/out.mkv", passes: 2, segmentLength: 4, halo: 1);
        await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id).SubmitAsync(spec);
        var written = (await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id).TasksAsync())!;
        _nodes.Remove(first);
        await first.DisposeAsync();

        var second = await StartAsync("silo-b", "coordinator", new WorkerCapabilities(0, 0, 1L << 30));
        var grain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id);
        var job = (await grain.GetAsync())!;
        var read = (await grain.TasksAsync())!;

        Assert.Equal((JobState.Planning, spec.Input, spec.Passes, spec.SegmentLength, spec.Halo), (job.State, job.Spec.Input, job.Spec.Passes, job.Spec.SegmentLength, job.Spec.Halo));
        Assert.Equal(written.Own.Select(t => (t.Id, t.State, t.Spec.Kind)), read.Own.Select(t => (t.Id, t.State, t.Spec.Kind)));
        Assert.Equal([(TaskId.Plan(JobId.Parse(id)), TaskState.Ready)], read.Own.Select(t => (t.Id, t.State)));
    }

    [Fact]
    public async Task AWriteWithAStaleVersionIsRefusedAsAConflict()
    {
        var node = await StartAsync("silo-a", "worker", new WorkerCapabilities(0, 0, 1L << 30));
        var storage = node.Services.GetRequiredKeyedService<IGrainStorage>(OrleansStorage.GrainState);
        var id = GrainId.Create("probe", "conflict");
        var state = new GrainState<ProbeState>(new ProbeState { Count = 1 });

        await storage.WriteStateAsync("probe", id, state);
        Assert.Equal("1", state.ETag);
        var stale = new GrainState<ProbeState>(new ProbeState { Count = 7 }) { ETag = null };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", id, stale));
        state.State!.Count = 2;
        await storage.WriteStateAsync("probe", id, state);
        Assert.Equal("2", state.ETag);
        var old = new GrainState<ProbeState>(new ProbeState { Count = 9 }) { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", id, old));

        var read = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", id, read);
        Assert.Equal((2, "2", true), (read.State!.Count, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task RemindersAreStoredReadAndRemoved()
    {
        var node = await StartAsync("silo-a", "worker", new WorkerCapabilities(0, 0, 1L << 30));
        var grain = node.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("job-2");

        await grain.RegisterReminderAsync("advance");
        await grain.RegisterReminderAsync("tidy");
        await grain.RegisterReminderAsync("advance");

        Assert.Equal(["advance", "tidy"], await grain.RemindersAsync());
        Assert.Equal((2L, 600_000), await ScalarsAsync("SELECT count(*), max(period)::integer FROM orleans_reminders"));
        await grain.UnregisterReminderAsync("tidy");
        Assert.Equal(["advance"], await grain.RemindersAsync());
        Assert.Equal((1L, 1), await ScalarsAsync("SELECT count(*), max(version) FROM orleans_reminders"));
    }

    private async Task<OrleansNode> StartAsync(string name, string roles, WorkerCapabilities capabilities)
    {
        var cluster = LoopbackPorts.Cluster();
        var node = await OrleansNode.StartAsync(
            silo =>
            {
                silo.UsePostgresFarm(cluster, ConnectionString, SiloMetadataKeys.Of(name, roles, capabilities))
                    .Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = name);
                silo.Services.AddStyleFarmGrains();
            },
            NullLoggerFactory.Instance, CancellationToken.None);
        _nodes.Add(node);
        return node;
    }

    private static async Task WaitForAsync(IClusterMembershipService membership, Func<ClusterMembershipSnapshot, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        if (condition(membership.CurrentSnapshot)) return;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(deadline.Token))
            if (condition(snapshot)) return;
    }

    private async Task<List<(string, int)>> MembersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo_name, status FROM orleans_membership ORDER BY silo_name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt32(1)));
        return rows;
    }

    private async Task<(long, int)> ScalarsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt32(1));
    }
}
