using Microsoft.Data.Sqlite;
using StyleFarm.Grains.Signals;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The task store of the embedded farm: one SQLite file in WAL mode (readers never wait for the
/// writer). Every write runs in a <c>BEGIN IMMEDIATE</c> transaction, which takes the file's write lock
/// before it reads, so a lease (pick + grant) is atomic even between processes sharing the file.
/// Wake-ups (<see cref="ListenForWorkAsync"/>, <see cref="ListenForJobChangesAsync"/>) are raised in
/// this process after each commit; another process on the same file is not woken and should poll.
/// </summary>
public sealed partial class SqliteTaskStore : ITaskStore
{
    // A writer waits this long for another to finish before the statement fails with "database is locked".
    private const int BusyTimeoutSeconds = 30;

    private readonly string _connectionString;
    private readonly SignalHub _work = new();
    private readonly SignalHub _jobChanges = new();

    private SqliteTaskStore(string path, string connectionString, IReadOnlyList<SchemaMigration> applied)
    {
        Path = path;
        _connectionString = connectionString;
        AppliedMigrations = applied;
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyList<SchemaMigration> AppliedMigrations { get; }

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating the file (and its folder) when missing,
    /// switches it to WAL mode and applies the migrations it lacks.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="TaskStoreSchemaException">The file's schema is newer than this build or was changed.</exception>
    /// <exception cref="IOException">The file cannot be opened as a SQLite database.</exception>
    public static async Task<SqliteTaskStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new ArgumentException($"task store path {full} is a folder: give the path of the store's file, e.g. {System.IO.Path.Combine(full, "farm.db")}", nameof(path));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutSeconds,
            Pooling = true,
        }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL";
                var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new IOException($"the task store {full} cannot use write-ahead logging (journal mode is '{mode}'): put it on a local file system");
            }
            var applied = await SqliteSchemaMigrator.MigrateAsync(connection, SchemaMigrations.For(SqlDialect.Sqlite), full, cancellationToken);
            return new SqliteTaskStore(full, connectionString, applied);
        }
        catch (SqliteException e)
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            throw new IOException($"cannot open the task store {full}: {e.Message}. Give the path of a StyleFarm SQLite store, or of a file to create", e);
        }
    }

    /// <summary>Releases the pooled connections to the file (other instances on it reopen theirs).</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in a read snapshot (a deferred transaction), so its statements agree.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        return await work(connection, transaction);
    }

    /// <summary>Runs <paramref name="work"/> holding the file's write lock (<c>BEGIN IMMEDIATE</c>) and commits.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        transaction.Commit();
        return result;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
