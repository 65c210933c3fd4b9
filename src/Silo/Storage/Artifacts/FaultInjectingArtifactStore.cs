using System.Runtime.CompilerServices;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Wraps a store and makes chosen calls fail on demand, before they reach it or midway through a
/// transfer, so tests can prove what a failure leaves behind. Without armed faults it passes every
/// call through unchanged. Thread-safe.
/// </summary>
public sealed class FaultInjectingArtifactStore : IArtifactStore
{
    private readonly List<ArmedFault> _faults = [];
    private int _fired;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public FaultInjectingArtifactStore(IArtifactStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped store.</summary>
    public IArtifactStore Inner { get; }

    /// <summary>How many injected failures have been raised so far.</summary>
    public int FaultsFired => Volatile.Read(ref _fired);

    /// <summary>Arms <paramref name="fault"/>; it hits the next <see cref="ArtifactFault.Times"/> matching calls.</summary>
    public void Inject(ArtifactFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Times, 1);
        if (fault.AfterBytes < 0) throw new ArgumentOutOfRangeException(nameof(fault), "AfterBytes must not be negative.");
        lock (_faults) _faults.Add(new ArmedFault(fault, fault.Times));
    }

    /// <summary>Disarms every fault.</summary>
    public void ClearFaults()
    {
        lock (_faults) _faults.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Inner} (with injected faults)";

    /// <inheritdoc />
    public Task PutAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var fault = Take(ArtifactOperations.Put, key.Value);
        if (fault is null) return Inner.PutAsync(key, content, cancellationToken);
        if (fault.AfterBytes is null) throw Failure(fault, $"Put \"{key}\"");
        // Through the stream overload, so the inner store is midway through reading when the failure comes.
        return PutFailingAsync(key, new MemoryStream(content.ToArray(), writable: false), fault, cancellationToken);
    }

    /// <inheritdoc />
    public Task PutAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken = default)
    {
        var fault = Take(ArtifactOperations.Put, key.Value);
        if (fault is null) return Inner.PutAsync(key, content, cancellationToken);
        if (fault.AfterBytes is null) throw Failure(fault, $"Put \"{key}\"");
        return PutFailingAsync(key, content, fault, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        var fault = Take(ArtifactOperations.Get, key.Value);
        if (fault is null) return await Inner.GetAsync(key, cancellationToken);
        if (fault.AfterBytes is null) throw Failure(fault, $"Get \"{key}\"");
        await using var stream = new FailingReadStream(await Inner.OpenReadAsync(key, cancellationToken), fault.AfterBytes.Value,
            () => Failure(fault, $"Get \"{key}\" after {fault.AfterBytes} bytes"));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        var fault = Take(ArtifactOperations.Get, key.Value);
        if (fault is null) return await Inner.OpenReadAsync(key, cancellationToken);
        if (fault.AfterBytes is null) throw Failure(fault, $"Open \"{key}\"");
        return new FailingReadStream(await Inner.OpenReadAsync(key, cancellationToken), fault.AfterBytes.Value,
            () => Failure(fault, $"Read \"{key}\" after {fault.AfterBytes} bytes"));
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        var fault = Take(ArtifactOperations.Exists, key.Value);
        return fault is null ? Inner.ExistsAsync(key, cancellationToken) : throw Failure(fault, $"Exists \"{key}\"");
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        var fault = Take(ArtifactOperations.Delete, key.Value);
        return fault is null ? Inner.DeleteAsync(key, cancellationToken) : throw Failure(fault, $"Delete \"{key}\"");
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        var fault = Take(ArtifactOperations.List, prefix);
        return fault is null ? Inner.ListAsync(prefix, cancellationToken) : Failing(fault, prefix);
    }

    private async Task PutFailingAsync(ArtifactKey key, Stream content, ArtifactFault fault, CancellationToken cancellationToken)
    {
        await using var failing = new FailingReadStream(content, fault.AfterBytes!.Value,
            () => Failure(fault, $"Put \"{key}\" after {fault.AfterBytes} bytes"), leaveOpen: true);
        await Inner.PutAsync(key, failing, cancellationToken);
    }

    private async IAsyncEnumerable<ArtifactInfo> Failing(ArtifactFault fault, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        throw Failure(fault, $"List \"{prefix}\"");
#pragma warning disable CS0162 // An iterator needs a yield, even one that is never reached.
        yield break;
#pragma warning restore CS0162
    }

    private ArtifactFault? Take(ArtifactOperations operation, string key)
    {
        lock (_faults)
        {
            var armed = _faults.FirstOrDefault(f => f.Fault.Operations.HasFlag(operation) && key.StartsWith(f.Fault.KeyPrefix, StringComparison.Ordinal));
            if (armed is null) return null;
            if (--armed.Remaining == 0) _faults.Remove(armed);
            return armed.Fault;
        }
    }

    private InjectedFaultException Failure(ArtifactFault fault, string what)
    {
        Interlocked.Increment(ref _fired);
        return new InjectedFaultException($"Injected fault: {what} in {Inner} failed on purpose.", fault.Transient);
    }

    private sealed class ArmedFault(ArtifactFault fault, int remaining)
    {
        public ArtifactFault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }
}
