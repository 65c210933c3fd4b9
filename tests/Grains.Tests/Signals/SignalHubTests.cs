using StyleFarm.Grains.Signals;

namespace StyleFarm.Grains.Tests.Signals;

public class SignalHubTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RaiseBeforeTheWaitIsKeptUntilAWaitConsumesIt()
    {
        var hub = new SignalHub();
        using var listener = hub.Listen();
        hub.Raise();
        Assert.True(listener.IsSet);
        Assert.True(await listener.WaitAsync(TimeSpan.Zero, None));
        Assert.False(listener.IsSet);
        Assert.False(await listener.WaitAsync(TimeSpan.Zero, None));
    }

    [Fact]
    public async Task SeveralRaisesBeforeAWaitCountAsOne()
    {
        var hub = new SignalHub();
        using var listener = hub.Listen();
        for (var i = 0; i < 5; i++) hub.Raise();
        Assert.True(await listener.WaitAsync(TimeSpan.Zero, None));
        Assert.False(await listener.WaitAsync(TimeSpan.Zero, None));
    }

    [Fact]
    public async Task PendingWaitCompletesWhenRaised()
    {
        var hub = new SignalHub();
        using var listener = hub.Listen();
        var waiting = listener.WaitAsync(TimeSpan.FromMinutes(1), None);
        Assert.False(waiting.IsCompleted);
        hub.Raise();
        Assert.True(await waiting);
    }

    [Fact]
    public async Task EveryListenerIsSetAndOnlyRaisesAfterListeningCount()
    {
        var hub = new SignalHub();
        using var early = hub.Listen();
        hub.Raise();
        using var late = hub.Listen();
        Assert.Equal((true, false), (early.IsSet, late.IsSet));
        hub.Raise();
        Assert.True(await late.WaitAsync(TimeSpan.Zero, None));
        Assert.True(await early.WaitAsync(TimeSpan.Zero, None));
    }

    [Fact]
    public async Task DisposedListenerIsDetachedAndRefusesToWait()
    {
        var hub = new SignalHub();
        var listener = hub.Listen();
        Assert.Equal(1, hub.ListenerCount);
        listener.Dispose();
        listener.Dispose();
        Assert.Equal(0, hub.ListenerCount);
        hub.Raise();
        Assert.False(listener.IsSet);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.WaitAsync(TimeSpan.Zero, None));
    }

    [Fact]
    public async Task WaitEndsWithTheTimeoutOrTheCancellation()
    {
        var hub = new SignalHub();
        using var listener = hub.Listen();
        Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(20), None));
        using var cancel = new CancellationTokenSource();
        var waiting = listener.WaitAsync(TimeSpan.FromMinutes(1), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
