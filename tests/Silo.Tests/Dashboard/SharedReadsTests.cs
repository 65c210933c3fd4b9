using Microsoft.Extensions.Time.Testing;
using StyleFarm.Silo.Dashboard;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>Many viewers of one page cost one read per interval; a failed read is tried again.</summary>
public sealed class SharedReadsTests
{
    [Fact]
    public async Task ReadersWithinTheIntervalShareOneReadAndTheNextIntervalReadsAgain()
    {
        var clock = new FakeTimeProvider();
        var reads = new SharedReads(clock, TimeSpan.FromMilliseconds(500));
        var count = 0;
        Task<byte[]?> Read(CancellationToken _) => Task.FromResult<byte[]?>([(byte)++count]);

        var first = await reads.GetAsync("job", Read);
        var second = await reads.GetAsync("job", Read);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        var third = await reads.GetAsync("job", Read);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var fourth = await reads.GetAsync("job", Read);
        var other = await reads.GetAsync("farm", Read);

        Assert.Equal([1, 1, 1, 2, 3], new[] { first, second, third, fourth, other }.Select(b => (int)b![0]));
    }

    [Fact]
    public async Task AReadInFlightIsJoinedAndAFailedOneIsNotKept()
    {
        var clock = new FakeTimeProvider();
        var reads = new SharedReads(clock, TimeSpan.FromSeconds(1));
        var gate = new TaskCompletionSource<byte[]?>();
        var calls = 0;

        var a = reads.GetAsync("job", _ => { calls++; return gate.Task; });
        var b = reads.GetAsync("job", _ => { calls++; return Task.FromResult<byte[]?>([9]); });
        gate.SetException(new TimeoutException("the farm is slow"));
        await Assert.ThrowsAsync<TimeoutException>(() => a);
        await Assert.ThrowsAsync<TimeoutException>(() => b);
        var c = await reads.GetAsync("job", _ => { calls++; return Task.FromResult<byte[]?>([7]); });

        Assert.Equal((2, 7), (calls, (int)c![0]));
    }
}
