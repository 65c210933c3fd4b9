using Npgsql;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The task store of a farm, on PostgreSQL 15 or later. Leases are claimed in one
/// <c>UPDATE … WHERE (job_id, task_key) = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING …</c>, so
/// concurrent workers never take the same task and never wait for each other's row locks. Triggers
/// NOTIFY <c>stylefarm_work</c> when a task may have become leasable and <c>stylefarm_jobs</c> when a job
/// changes; one LISTEN connection per store instance turns them into wake-ups
/// (<see cref="ListenForWorkAsync"/>, <see cref="ListenForJobChangesAsync"/>). The coordinator role is
/// held through an advisory lock (<see cref="TryAcquireCoordinatorLockAsync"/>).
/// </summary>
public sealed partial class PostgresTaskStore : ITaskStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _dedicated;
    private readonly PostgresNotificationListener _notifications;

    private PostgresTaskStore(NpgsqlDataSource dataSource, NpgsqlDataSource dedicated, string name, IReadOnlyList<SchemaMigration> applied)
    {
        _dataSource = dataSource;
        _dedicated = dedicated;
        Name = name;
        AppliedMigrations = applied;
        _notifications = new PostgresNotificationListener(dedicated, name);
    }

    /// <summary>"host:port/database", for messages (never the password).</summary>
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<SchemaMigration> AppliedMigrations { get; }

    /// <summary>Connects with <paramref name="connectionString"/> and applies the migrations the database lacks.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    /// <exception cref="TaskStoreSchemaException">The database's schema is newer than this build or was changed.</exception>
    /// <exception cref="IOException">The server cannot be reached or refuses the connection.</exception>
    public static async Task<PostgresTaskStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"the PostgreSQL connection string is malformed ({e.Message}): use the form Host=…;Port=…;Database=…;Username=…", nameof(connectionString), e);
        }
        var name = $"{settings.Host}:{settings.Port}/{settings.Database}";
        // The LISTEN connection and the coordinator lock's connection live as long as their role: unpooled,
        // so closing one really ends its session (and releases the lock), with keepalives to notice a dead server.
        var dedicated = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, KeepAlive = 10 };
        var dataSource = NpgsqlDataSource.Create(settings);
        var dedicatedSource = NpgsqlDataSource.Create(dedicated);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var applied = await PostgresSchemaMigrator.MigrateAsync(connection, SchemaMigrations.For(SqlDialect.Postgres), name, cancellationToken);
            return new PostgresTaskStore(dataSource, dedicatedSource, name, applied);
        }
        catch (Exception e)
        {
            await dataSource.DisposeAsync();
            await dedicatedSource.DisposeAsync();
            if (e is NpgsqlException and not PostgresException || e is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification })
                throw new IOException($"cannot open the task store {name}: {e.Message}. Check that PostgreSQL runs there and that the database and user exist", e);
            throw;
        }
    }

    /// <summary>
    /// Tries to take the coordinator role: <c>pg_try_advisory_lock</c> on a connection of its own that
    /// stays open while the role is held. The server releases the lock when that connection ends, so a
    /// crashed holder loses the role by itself.
    /// </summary>
    /// <returns>The held lock (dispose it to give the role up), or null when another session holds it.</returns>
    public async Task<PostgresCoordinatorLock?> TryAcquireCoordinatorLockAsync(CancellationToken cancellationToken)
    {
        var connection = await _dedicated.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@ns, @id)", connection);
            command.Parameters.AddWithValue("ns", PostgresLocks.Namespace);
            command.Parameters.AddWithValue("id", PostgresLocks.Coordinator);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                return new PostgresCoordinatorLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Stops listening and closes the store's connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _notifications.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _dedicated.DisposeAsync();
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
