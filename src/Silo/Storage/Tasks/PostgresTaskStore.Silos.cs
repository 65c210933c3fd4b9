using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Storage.Tasks;

public sealed partial class PostgresTaskStore
{
    /// <inheritdoc />
    public Task RegisterSiloAsync(SiloRecord silo, CancellationToken cancellationToken) =>
        ExecuteAsync($"""
            INSERT INTO silos ({PostgresRows.SiloColumns}) VALUES (@id, @gpus, @gpu_memory_bytes, @memory_bytes, @started_at, @last_heartbeat)
            ON CONFLICT (id) DO UPDATE SET gpus = excluded.gpus, gpu_memory_bytes = excluded.gpu_memory_bytes, memory_bytes = excluded.memory_bytes,
                started_at = excluded.started_at, last_heartbeat = excluded.last_heartbeat
            """, cancellationToken,
            ("id", silo.Id.Value), ("gpus", silo.Capabilities.Gpus), ("gpu_memory_bytes", silo.Capabilities.GpuMemoryBytes),
            ("memory_bytes", silo.Capabilities.MemoryBytes), ("started_at", PostgresRows.Time(silo.StartedAt)), ("last_heartbeat", PostgresRows.Time(silo.LastHeartbeat)));

    /// <inheritdoc />
    public async Task<bool> HeartbeatSiloAsync(SiloId silo, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE silos SET last_heartbeat = @at WHERE id = @id", cancellationToken, ("id", silo.Value), ("at", PostgresRows.Time(at))) == 1;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {PostgresRows.SiloColumns} FROM silos ORDER BY id COLLATE \"C\"", PostgresRows.Silo, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> RemoveSiloAsync(SiloId silo, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM silos WHERE id = @id", cancellationToken, ("id", silo.Value)) == 1;
}
