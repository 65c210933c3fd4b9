using Microsoft.Data.Sqlite;
using StyleFarm.Silo.Storage.Tasks;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>The conformance suite on a <see cref="SqliteTaskStore"/> in a file of a temporary folder.</summary>
public sealed class SqliteTaskStoreConformanceTests : TaskStoreConformanceTests
{
    private readonly TempFolder _folder = new();

    private string StorePath => Path.Combine(_folder.Path, "farm.db");

    protected override SqlDialect Dialect => SqlDialect.Sqlite;

    protected override async Task<ITaskStore> OpenStoreAsync() => await SqliteTaskStore.OpenAsync(StorePath, None);

    protected override async Task<ITaskStore> OpenSameStoreAsync() => await SqliteTaskStore.OpenAsync(StorePath, None);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
