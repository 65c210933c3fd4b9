using Npgsql;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>The conformance suite on a <see cref="PostgresTaskStore"/>, each test in a fresh database of the shared server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTaskStoreConformanceTests(PostgresFixture fixture) : TaskStoreConformanceTests
{
    private string? _database;

    private string ConnectionString => fixture.Server.ConnectionString(_database ?? throw new InvalidOperationException("No database yet."));

    protected override SqlDialect Dialect => SqlDialect.Postgres;

    protected override async Task<ITaskStore> OpenStoreAsync()
    {
        _database = await fixture.Server.CreateDatabaseAsync();
        return await PostgresTaskStore.OpenAsync(ConnectionString, None);
    }

    protected override async Task<ITaskStore> OpenSameStoreAsync() => await PostgresTaskStore.OpenAsync(ConnectionString, None);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await fixture.Server.DropDatabaseAsync(_database);
    }
}
