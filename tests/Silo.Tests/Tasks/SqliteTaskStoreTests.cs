using Microsoft.Data.Sqlite;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Tasks;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>What only the SQLite store does: a file shared by several store instances, WAL mode, opening errors.</summary>
public sealed class SqliteTaskStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _folder = new();

    private string StorePath => Path.Combine(_folder.Path, "farm.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TwoStoresOnTheSameFileLeasingFromTwoThreadsNeverShareATask()
    {
        const int tasks = 200;
        await using var first = await SqliteTaskStore.OpenAsync(StorePath, None);
        await using var second = await SqliteTaskStore.OpenAsync(StorePath, None);
        var farm = new StoreFarm(first);
        var job = TaskSamples.RunningJob(JobId.New(farm.Clock), farm.Now);
        await first.InsertJobAsync(job, None);
        await first.InsertTasksAsync(Enumerable.Range(0, tasks).Select(i => TaskSamples.ReadyFlow(job.Id, i / 20, i % 20, criticalPath: 100 - i % 9, cost: 1)).ToList(), None);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runs = new[] { first, second }.Select((store, w) => Task.Run(async () =>
        {
            await start.Task;
            var leased = new List<TaskId>();
            while (await store.TryLeaseAsync(farm.Terms.Request(new SiloId($"worker-{w}"), StoreFarm.GpuSilo), None) is { } task)
                leased.Add(task.Id);
            return leased;
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(runs);

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(tasks, all.Count);
        Assert.Equal(tasks, all.Distinct().Count());
        Assert.Equal(tasks, (await second.ListLeasedAsync(None)).Count);
    }

    [Fact]
    public async Task StoreFileIsInWriteAheadLogMode()
    {
        await using (await SqliteTaskStore.OpenAsync(StorePath, None)) { }
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task StoreCreatesItsFolderWhenMissing()
    {
        var nested = Path.Combine(_folder.Path, "farm", "state", "tasks.db");
        await using var store = await SqliteTaskStore.OpenAsync(nested, None);
        Assert.Equal(nested, store.Path);
        Assert.True(File.Exists(nested));
    }

    [Fact]
    public async Task FolderOrNonDatabaseFileIsRefusedWithAClearMessage()
    {
        var folder = await Assert.ThrowsAsync<ArgumentException>(() => SqliteTaskStore.OpenAsync(_folder.Path, None));
        Assert.StartsWith($"task store path {_folder.Path} is a folder: give the path of the store's file, e.g. {Path.Combine(_folder.Path, "farm.db")}", folder.Message);

        var text = Path.Combine(_folder.Path, "notes.txt");
        await File.WriteAllTextAsync(text, new string('x', 4096));
        var e = await Assert.ThrowsAsync<IOException>(() => SqliteTaskStore.OpenAsync(text, None));
        Assert.StartsWith($"cannot open the task store {text}: ", e.Message);
        Assert.EndsWith("Give the path of a StyleFarm SQLite store, or of a file to create", e.Message);
    }

    [Fact]
    public async Task MigratorAppliesOnlyWhatIsMissingAndAFailedMigrationLeavesNothingBehind()
    {
        var one = new SchemaMigration(1, "widgets", "CREATE TABLE widgets (id INTEGER PRIMARY KEY)");
        var two = new SchemaMigration(2, "widget_names", "ALTER TABLE widgets ADD COLUMN name TEXT NOT NULL DEFAULT ''");
        var broken = new SchemaMigration(3, "broken", "CREATE TABLE gadgets (id INTEGER); ALTER TABLE no_such_table ADD COLUMN x INTEGER");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
        await connection.OpenAsync();

        Assert.Equal([one], await SqliteSchemaMigrator.MigrateAsync(connection, [one], "test", None));
        Assert.Equal([two], await SqliteSchemaMigrator.MigrateAsync(connection, [one, two], "test", None));
        Assert.Empty(await SqliteSchemaMigrator.MigrateAsync(connection, [one, two], "test", None));
        var e = await Assert.ThrowsAsync<TaskStoreSchemaException>(() => SqliteSchemaMigrator.MigrateAsync(connection, [one, two, broken], "test", None));
        Assert.StartsWith("migration 0003_broken failed on the task store test: SQLite Error 1: 'no such table: no_such_table'", e.Message);
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT (SELECT count(*) FROM schema_migrations), (SELECT count(*) FROM sqlite_master WHERE name = 'gadgets')";
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((2L, 0L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
