using Npgsql;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The coordinator role, held as a session advisory lock on a connection of its own. The holder checks
/// <see cref="IsHeldAsync"/> before each round of coordination (a lost connection means the server has
/// released the lock and another silo may hold it now) and disposes the lock to give the role up.
/// </summary>
public sealed class PostgresCoordinatorLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private bool _disposed;

    internal PostgresCoordinatorLock(NpgsqlConnection connection)
    {
        _connection = connection;
        BackendProcessId = connection.ProcessID;
    }

    /// <summary>The server process of the session that holds the lock (as pg_stat_activity and pg_locks show it).</summary>
    public int BackendProcessId { get; }

    /// <summary>
    /// Whether this session still holds the lock: asks the server through the lock's own connection.
    /// False once the connection is lost (the server has released the lock) or the lock was disposed.
    /// </summary>
    public async Task<bool> IsHeldAsync(CancellationToken cancellationToken)
    {
        if (_disposed) return false;
        try
        {
            // A two-key advisory lock shows in pg_locks as classid = key 1, objid = key 2, objsubid = 2.
            await using var command = new NpgsqlCommand("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                               AND classid::bigint = @ns AND objid::bigint = @id AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
                """, _connection);
            command.Parameters.AddWithValue("ns", (long)PostgresLocks.Namespace);
            command.Parameters.AddWithValue("id", (long)PostgresLocks.Coordinator);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken or closed connection: the session, and the lock with it, is gone.
            return false;
        }
    }

    /// <summary>Releases the lock and closes its connection (closing alone would release it too).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@ns, @id)", _connection);
                command.Parameters.AddWithValue("ns", PostgresLocks.Namespace);
                command.Parameters.AddWithValue("id", PostgresLocks.Coordinator);
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The session is gone, and the server released the lock with it.
        }
        await _connection.DisposeAsync();
    }
}
