using Npgsql;

namespace StyleFarm.Silo.Storage.Schema;

/// <summary>
/// The farm's PostgreSQL database, as a silo finds it before it joins the cluster: reachable, and with the tables
/// and <c>OrleansQuery</c> rows of Orleans' ADO.NET providers (membership, grain state, reminders) that the
/// numbered migrations create. Silos starting together migrate one after the other.
/// </summary>
public static class FarmDatabase
{
    /// <summary>Connects with <paramref name="connectionString"/> and applies the migrations the database lacks.</summary>
    /// <returns>The migrations applied now (empty when it was up to date).</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this build or was changed.</exception>
    /// <exception cref="IOException">The server cannot be reached or refuses the connection.</exception>
    public static async Task<IReadOnlyList<SchemaMigration>> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var name = NameOf(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresSchemaMigrator.MigrateAsync(connection, SchemaMigrations.Shipped(), name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException and not PostgresException
            || e is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification })
        {
            throw new IOException($"cannot open the farm database {name}: {e.Message}. Check that PostgreSQL runs there and that the database and user exist", e);
        }
    }

    /// <summary>"host:port/database" of <paramref name="connectionString"/> (never the password).</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static string NameOf(string connectionString)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{settings.Host}:{settings.Port}/{settings.Database}";
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"the PostgreSQL connection string is malformed ({e.Message}): use the form Host=…;Port=…;Database=…;Username=…", nameof(connectionString), e);
        }
    }
}
