using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class SqliteTaskStore
{
    /// <inheritdoc />
    public Task RegisterSiloAsync(SiloRecord silo, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => ExecuteAsync(c, t, $"""
            INSERT INTO silos ({SqliteRows.SiloColumns}) VALUES (@id, @gpus, @gpu_memory_bytes, @memory_bytes, @started_at, @last_heartbeat)
            ON CONFLICT (id) DO UPDATE SET gpus = excluded.gpus, gpu_memory_bytes = excluded.gpu_memory_bytes, memory_bytes = excluded.memory_bytes,
                started_at = excluded.started_at, last_heartbeat = excluded.last_heartbeat
            """, cancellationToken,
            ("@id", silo.Id.Value), ("@gpus", silo.Capabilities.Gpus), ("@gpu_memory_bytes", silo.Capabilities.GpuMemoryBytes),
            ("@memory_bytes", silo.Capabilities.MemoryBytes), ("@started_at", StoredTime.Write(silo.StartedAt)),
            ("@last_heartbeat", StoredTime.Write(silo.LastHeartbeat))), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> HeartbeatSiloAsync(SiloId silo, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((c, t) => ExecuteAsync(c, t, "UPDATE silos SET last_heartbeat = @at WHERE id = @id", cancellationToken,
            ("@id", silo.Value), ("@at", StoredTime.Write(at))), cancellationToken) == 1;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken) =>
        await ReadAsync((c, t) => QueryAsync(c, t, $"SELECT {SqliteRows.SiloColumns} FROM silos ORDER BY id", SqliteRows.Silo, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> RemoveSiloAsync(SiloId silo, CancellationToken cancellationToken) =>
        await WriteAsync((c, t) => ExecuteAsync(c, t, "DELETE FROM silos WHERE id = @id", cancellationToken, ("@id", silo.Value)), cancellationToken) == 1;
}
