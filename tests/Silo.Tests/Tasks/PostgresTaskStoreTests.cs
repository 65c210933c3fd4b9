using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Tasks;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>What only PostgreSQL does: concurrent claims with SKIP LOCKED, LISTEN/NOTIFY wake-ups across connections, the coordinator's advisory lock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTaskStoreTests(PostgresFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly List<ITaskStore> _stores = [];
    private string? _database;

    private PostgresServer Server => fixture.Server;

    private string ConnectionString => Server.ConnectionString(_database!);

    public async Task InitializeAsync() => _database = await Server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        if (_database is not null) await Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task EightWorkersLeasingTwoHundredReadyTasksAtOnceNeverShareOneAndLeaveNoneBehind()
    {
        const int workers = 8;
        const int tasks = 200;
        var farm = new StoreFarm(await OpenAsync());
        var job = TaskSamples.RunningJob(JobId.New(farm.Clock), farm.Now);
        await farm.Store.InsertJobAsync(job, None);
        Assert.Equal(tasks, await farm.Store.InsertTasksAsync(
            Enumerable.Range(0, tasks).Select(i => TaskSamples.ReadyFlow(job.Id, i / 20, i % 20, criticalPath: 1000 - i % 7, cost: i % 3)).ToList(), None));
        // One store per worker, as on separate silos: separate pools, separate connections.
        var silos = new List<ITaskStore>();
        for (var w = 0; w < workers; w++) silos.Add(await OpenAsync());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runs = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var leased = new List<TaskRecord>();
            while (await silos[w].TryLeaseAsync(farm.Terms.Request(new SiloId($"worker-{w}"), StoreFarm.GpuSilo), None) is { } task)
                leased.Add(task);
            return leased;
        })).ToList();
        var clock = Stopwatch.StartNew();
        start.SetResult();
        var results = await Task.WhenAll(runs);
        clock.Stop();

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(tasks, all.Count);
        Assert.Equal(tasks, all.Select(t => t.Id).Distinct().Count());
        Assert.True(results.Count(r => r.Count > 0) >= 2, "the workers did not run at the same time");
        var stored = await farm.Store.ListLeasedAsync(None);
        Assert.Equal(all.ToDictionary(t => t.Id, t => t.Lease!.Token), stored.ToDictionary(t => t.Id, t => t.Lease!.Token));
        // Each worker's own leases come in the domain's order: it never skips ahead of a task it could have had.
        foreach (var leased in results)
            Assert.Equal(leased.Select(t => t.Spec).Order(Grains.Scheduling.LongestFirst.Instance).Select(s => s.Id), leased.Select(t => t.Id));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workers} workers leased {tasks} tasks in {clock.Elapsed.TotalMilliseconds:F0} ms: {tasks / clock.Elapsed.TotalSeconds:F0} leases/s; per worker {string.Join(", ", results.Select(r => r.Count))}"));
    }

    [Fact]
    public async Task IdleWorkerOnOneSiloIsWokenByNotifyWhenAnotherSiloPromotesATask()
    {
        var worker = new StoreFarm(await OpenAsync());
        var coordinator = await OpenAsync();
        var job = TaskSamples.RunningJob(JobId.New(worker.Clock), worker.Now);
        await coordinator.InsertJobAsync(job, None);
        await coordinator.InsertTasksAsync([TaskRecord.New(TaskSamples.ReadyFlow(job.Id, 0, 0, 1, 1).Spec, worker.Now)], None);
        Assert.Null(await worker.LeaseAsync());

        using var work = await worker.Store.ListenForWorkAsync(None);
        var waiting = work.WaitAsync(Deadline, None);
        Assert.False(waiting.IsCompleted);
        var clock = Stopwatch.StartNew();
        Assert.Equal(1, await coordinator.PromoteReadyAsync(job.Id, worker.Now, None));
        Assert.True(await waiting);
        clock.Stop();

        Assert.Equal(TaskId.Flow(job.Id, 0, 0), (await worker.LeaseAsync())!.Id);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NOTIFY reached the waiting worker {clock.Elapsed.TotalMilliseconds:F1} ms after the promotion was sent"));
    }

    [Fact]
    public async Task WorkListenerReconnectsAfterItsSessionIsKilledAndWakesItsWaiters()
    {
        var worker = await OpenAsync();
        var coordinator = await OpenAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TaskSamples.Start);
        var job = TaskSamples.RunningJob(JobId.New(clock), TaskSamples.Start);
        await coordinator.InsertJobAsync(job, None);
        using var work = await worker.ListenForWorkAsync(None);

        var listener = await ListenerSessionsAsync();
        Assert.Single(listener);
        Assert.True(await Server.TerminateSessionAsync(listener[0]));
        // Notifications sent while it was away are lost, so the reconnected listener wakes everyone once.
        Assert.True(await work.WaitAsync(Deadline, None));
        Assert.NotEqual(listener, await ListenerSessionsAsync());

        await coordinator.InsertTasksAsync([TaskSamples.ReadyFlow(job.Id, 0, 0, 1, 1)], None);
        Assert.True(await work.WaitAsync(Deadline, None));
    }

    [Fact]
    public async Task CoordinatorLockIsHeldByOneSessionAndFreedWhenItsConnectionDies()
    {
        var first = (PostgresTaskStore)await OpenAsync();
        var second = (PostgresTaskStore)await OpenAsync();

        var held = await first.TryAcquireCoordinatorLockAsync(None);
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireCoordinatorLockAsync(None));
        Assert.Null(await first.TryAcquireCoordinatorLockAsync(None));
        Assert.True(await held.IsHeldAsync(None));

        // The holder's connection dies (a crash, a network cut): the server releases the lock.
        Assert.True(await Server.TerminateSessionAsync(held.BackendProcessId));
        Assert.False(await held.IsHeldAsync(None));
        var taken = await PollAsync(() => second.TryAcquireCoordinatorLockAsync(None));
        Assert.True(await taken.IsHeldAsync(None));
        await held.DisposeAsync();
        Assert.Null(await first.TryAcquireCoordinatorLockAsync(None));

        // Giving the role up releases it at once.
        await taken.DisposeAsync();
        Assert.False(await taken.IsHeldAsync(None));
        await using var again = await first.TryAcquireCoordinatorLockAsync(None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task MigratorAppliesOnlyWhatIsMissingAndAFailedMigrationLeavesNothingBehind()
    {
        var one = new SchemaMigration(1, "widgets", "CREATE TABLE widgets (id integer PRIMARY KEY)");
        var two = new SchemaMigration(2, "widget_names", "ALTER TABLE widgets ADD COLUMN name text NOT NULL DEFAULT ''");
        var broken = new SchemaMigration(3, "broken", "CREATE TABLE gadgets (id integer); ALTER TABLE no_such_table ADD COLUMN x integer");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();

        Assert.Equal([one], await PostgresSchemaMigrator.MigrateAsync(connection, [one], "test", None));
        Assert.Equal([two], await PostgresSchemaMigrator.MigrateAsync(connection, [one, two], "test", None));
        Assert.Empty(await PostgresSchemaMigrator.MigrateAsync(connection, [one, two], "test", None));
        var e = await Assert.ThrowsAsync<TaskStoreSchemaException>(() => PostgresSchemaMigrator.MigrateAsync(connection, [one, two, broken], "test", None));
        Assert.StartsWith("migration 0003_broken failed on the task store test: relation \"no_such_table\" does not exist; nothing was applied", e.Message);
        await using var check = new NpgsqlCommand("SELECT (SELECT count(*) FROM schema_migrations), to_regclass('gadgets') IS NULL", connection);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((2L, true), (reader.GetInt64(0), reader.GetBoolean(1)));
    }

    [Fact]
    public async Task UnreachableServerIsReportedWithTheStoreName()
    {
        var closedPort = new NpgsqlConnectionStringBuilder(ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        var e = await Assert.ThrowsAsync<IOException>(() => PostgresTaskStore.OpenAsync(closedPort, None));
        Assert.StartsWith($"cannot open the task store 127.0.0.1:1/{_database}: ", e.Message);
        var missing = await Assert.ThrowsAsync<IOException>(() => PostgresTaskStore.OpenAsync(Server.ConnectionString("no_such_database"), None));
        Assert.StartsWith($"cannot open the task store 127.0.0.1:{Server.Port}/no_such_database: ", missing.Message);
    }

    private async Task<ITaskStore> OpenAsync()
    {
        var store = await PostgresTaskStore.OpenAsync(ConnectionString, None);
        _stores.Add(store);
        return store;
    }

    private async Task<List<int>> ListenerSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' ORDER BY pid", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    /// <summary>Calls <paramref name="attempt"/> until it returns a value, for at most <see cref="Deadline"/>.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> attempt) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await attempt() is { } value) return value;
            if (waited.Elapsed > Deadline) throw new TimeoutException($"nothing came within {Deadline.TotalSeconds} s");
            await Task.Delay(10);
        }
    }
}
