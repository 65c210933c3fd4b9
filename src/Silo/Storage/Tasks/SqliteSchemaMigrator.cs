using Microsoft.Data.Sqlite;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// Brings a SQLite task store up to date: in one <c>BEGIN IMMEDIATE</c> transaction (so two processes
/// opening the same file migrate one after the other), creates <c>schema_migrations</c> if needed,
/// checks it with <see cref="SchemaMigrations.Pending"/>, and applies what is missing in order.
/// </summary>
public static class SqliteSchemaMigrator
{
    /// <summary>Applies the migrations <paramref name="connection"/>'s database lacks.</summary>
    /// <param name="connection">An open connection, with no transaction of its own.</param>
    /// <param name="migrations">The migrations to reach, as <see cref="SchemaMigrations.Validate"/> returns them.</param>
    /// <param name="store">Names the store in messages.</param>
    /// <param name="cancellationToken">Cancels before the transaction commits (nothing is applied then).</param>
    /// <returns>The migrations applied now, in order.</returns>
    /// <exception cref="TaskStoreSchemaException">The store's schema cannot be used by this build.</exception>
    public static async Task<IReadOnlyList<SchemaMigration>> MigrateAsync(
        SqliteConnection connection, IReadOnlyList<SchemaMigration> migrations, string store, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            )
            """, cancellationToken);
        var applied = new List<AppliedMigration>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT version, name, checksum FROM schema_migrations ORDER BY version";
            using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(new AppliedMigration(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }
        var pending = SchemaMigrations.Pending(applied, migrations, store);
        foreach (var migration in pending)
        {
            try
            {
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            }
            catch (SqliteException e)
            {
                throw new TaskStoreSchemaException($"migration {migration} failed on the task store {store}: {e.Message}; nothing was applied", e);
            }
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)";
            record.Parameters.AddWithValue("@version", migration.Version);
            record.Parameters.AddWithValue("@name", migration.Name);
            record.Parameters.AddWithValue("@checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return pending;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
