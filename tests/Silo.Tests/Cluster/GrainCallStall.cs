using StyleFarm.Grains.Cluster;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// An incoming call filter that plays a grain of type <typeparamref name="TGrain"/> on a silo that just died: the next
/// <c>calls</c> calls of one of its methods hear nothing for <see cref="Hold"/>, then fail without reaching the grain.
/// Every other call passes.
/// </summary>
public sealed class GrainCallStall<TGrain>
{
    private string? _method;
    private int _left;
    private int _held;

    /// <summary>How long a held call goes unanswered.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How many calls were held so far.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Holds the next <paramref name="calls"/> calls of <paramref name="method"/> (e.g. nameof(IShotGrain.CancelAsync)).</summary>
    public void Arm(string method, int calls = 1)
    {
        _method = method;
        Volatile.Write(ref _left, calls);
    }

    /// <summary>The filter (<c>silo.AddIncomingGrainCallFilter(stall.InvokeAsync)</c>).</summary>
    public async Task InvokeAsync(IIncomingGrainCallContext context)
    {
        if (context.Grain is TGrain && context.MethodName == _method && Interlocked.Decrement(ref _left) >= 0)
        {
            Interlocked.Increment(ref _held);
            await Task.Delay(Hold);
            throw new TimeoutException($"the test held back {context.MethodName} on {context.TargetId}");
        }
        await context.Invoke();
    }
}
