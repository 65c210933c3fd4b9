using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The in-process wake-up: no notification is lost between a worker's look for work and its wait.</summary>
public sealed class WorkSignalTests
{
    [Fact]
    public async Task ANotificationBeforeTheWaitEndsTheWaitAtOnce()
    {
        var signal = new WorkSignal();
        var seen = signal.Version;
        signal.Notify();

        await signal.WaitAsync(seen, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(seen + 1, signal.Version);
    }

    [Fact]
    public async Task EveryWaiterWakesOnTheNextNotification()
    {
        var signal = new WorkSignal();
        var waits = Enumerable.Range(0, 3).Select(_ => signal.WaitAsync(signal.Version, CancellationToken.None)).ToList();
        Assert.All(waits, w => Assert.False(w.IsCompleted));

        signal.Notify();

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
