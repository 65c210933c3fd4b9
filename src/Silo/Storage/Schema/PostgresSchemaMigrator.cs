using Npgsql;

namespace StyleFarm.Silo.Storage.Schema;

/// <summary>
/// Brings a PostgreSQL farm database up to date: in one transaction holding an advisory lock (so silos
/// starting together migrate one after the other), creates <c>schema_migrations</c> if needed, checks
/// it with <see cref="SchemaMigrations.Pending"/>, and applies what is missing in order. PostgreSQL's
/// DDL is transactional: a failed migration leaves nothing behind.
/// </summary>
public static class PostgresSchemaMigrator
{
    /// <summary>Applies the migrations <paramref name="connection"/>'s database lacks.</summary>
    /// <param name="connection">An open connection, with no transaction of its own.</param>
    /// <param name="migrations">The migrations to reach, as <see cref="SchemaMigrations.Validate"/> returns them.</param>
    /// <param name="store">Names the store in messages.</param>
    /// <param name="cancellationToken">Cancels before the transaction commits (nothing is applied then).</param>
    /// <returns>The migrations applied now, in order.</returns>
    /// <exception cref="StoreSchemaException">The store's schema cannot be used by this build, or a migration failed.</exception>
    public static async Task<IReadOnlyList<SchemaMigration>> MigrateAsync(
        NpgsqlConnection connection, IReadOnlyList<SchemaMigration> migrations, string store, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@ns, @id)", connection, transaction))
        {
            // (namespace "SFar" in ASCII, 2): a pair, so it cannot collide with another application's single-key locks.
            command.Parameters.AddWithValue("ns", 0x53466172);
            command.Parameters.AddWithValue("id", 2);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        var applied = new List<AppliedMigration>();
        await using (var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations ORDER BY version", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(new AppliedMigration(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        var pending = SchemaMigrations.Pending(applied, migrations, store);
        foreach (var migration in pending)
        {
            try
            {
                await using var command = new NpgsqlCommand(migration.Sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new StoreSchemaException($"migration {migration} failed on the farm database {store}: {e.MessageText}; nothing was applied", e);
            }
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return pending;
    }
}
