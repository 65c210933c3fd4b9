using StyleFarm.Grains.Leasing;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// The tokens of the attempts an owner grain finished lately (memory only, the newest <see cref="Capacity"/>): a worker
/// whose finish call timed out after the owner recorded it sends it again, and must hear "recorded", not "not held".
/// </summary>
public sealed class FinishedAttempts
{
    /// <summary>How many finished tokens are remembered. 1024: far more than the attempts a grain finishes within a worker's retries.</summary>
    public const int Capacity = 1024;

    private readonly HashSet<LeaseToken> _tokens = [];
    private readonly Queue<LeaseToken> _order = new();

    /// <summary>Remembers that the attempt under <paramref name="token"/> was finished.</summary>
    public void Add(LeaseToken token)
    {
        if (!_tokens.Add(token)) return;
        _order.Enqueue(token);
        if (_order.Count > Capacity) _tokens.Remove(_order.Dequeue());
    }

    /// <summary>Whether the attempt under <paramref name="token"/> was finished here.</summary>
    public bool Contains(LeaseToken token) => _tokens.Contains(token);
}
