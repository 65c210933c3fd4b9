namespace StyleFarm.Silo.Dashboard;

/// <summary>The thumbnails made last, up to a count; the least recently used goes first. Thread-safe.</summary>
public sealed class ThumbnailCache(int capacity)
{
    private readonly LinkedList<(string Key, byte[] Bytes)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Bytes)>> _index = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Entries held.</summary>
    public int Count { get { lock (_lock) return _index.Count; } }

    /// <summary>The bytes under <paramref name="key"/>, marking them used.</summary>
    public bool TryGet(string key, out byte[] bytes)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                bytes = node.Value.Bytes;
                return true;
            }
        }
        bytes = [];
        return false;
    }

    /// <summary>Keeps <paramref name="bytes"/> under <paramref name="key"/>, dropping the least recently used entry when full.</summary>
    public void Add(string key, byte[] bytes)
    {
        lock (_lock)
        {
            if (_index.Remove(key, out var old)) _order.Remove(old);
            _index[key] = _order.AddFirst((key, bytes));
            while (_index.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _index.Remove(last.Value.Key);
            }
        }
    }
}
