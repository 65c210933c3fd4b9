namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// One read of a page's data shared by every browser that asks within <paramref name="maxAge"/>: ten viewers of a
/// job cost the farm what one does. A read in flight is joined, not repeated; a failed read is tried again by the
/// next caller. Reads not asked for in a minute are forgotten.
/// </summary>
public sealed class SharedReads(TimeProvider time, TimeSpan maxAge)
{
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The data under <paramref name="key"/>: the last read if younger than the maximum age, else a new one by <paramref name="read"/>.</summary>
    public Task<byte[]?> GetAsync(string key, Func<CancellationToken, Task<byte[]?>> read)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var stale in _entries.Where(e => now - e.Value.AskedAt > Forget).Select(e => e.Key).ToList()) _entries.Remove(stale);
            if (_entries.TryGetValue(key, out var entry) && (!entry.Read.IsCompleted || (entry.Read.IsCompletedSuccessfully && now - entry.StartedAt < maxAge)))
            {
                entry.AskedAt = now;
                return entry.Read;
            }
            // Not the caller's token: others may join this read; each grain call in it is bounded on its own.
            var fresh = new Entry(now, read(CancellationToken.None)) { AskedAt = now };
            _entries[key] = fresh;
            return fresh.Read;
        }
    }

    private sealed class Entry(DateTimeOffset startedAt, Task<byte[]?> read)
    {
        public DateTimeOffset StartedAt { get; } = startedAt;

        public Task<byte[]?> Read { get; } = read;

        public DateTimeOffset AskedAt { get; set; }
    }
}
