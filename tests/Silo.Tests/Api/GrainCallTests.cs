using Microsoft.Extensions.Time.Testing;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>A route's grain call is bounded by the API's grain call timeout, on the API's clock.</summary>
public sealed class GrainCallTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ACallThatDoesNotAnswerWithinTheTimeoutBecomesFarmUnavailableNamingWhatWasAsked()
    {
        var call = new GrainCall(TimeSpan.FromSeconds(10), _clock);
        var never = new TaskCompletionSource<int>();

        var waiting = call.WithinAsync(never.Task, "job 42's status");
        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        var e = await Assert.ThrowsAsync<FarmUnavailableException>(() => waiting);
        Assert.Equal("the farm did not answer job 42's status within 10 s (a silo hosting its grains may have just died; " +
            "its grains move to another silo within seconds): try again", e.Message);
    }

    [Fact]
    public async Task AnAnswerWithinTheTimeoutIsReturned()
    {
        var call = new GrainCall(TimeSpan.FromSeconds(10), _clock);
        var answer = new TaskCompletionSource<int>();

        var waiting = call.WithinAsync(answer.Task, "the job list");
        _clock.Advance(TimeSpan.FromSeconds(5));
        answer.SetResult(7);

        Assert.Equal(7, await waiting);
    }

    [Fact]
    public async Task ACallOrleansCouldNotDeliverBecomesFarmUnavailable_OtherErrorsPassThrough()
    {
        var call = new GrainCall(TimeSpan.FromSeconds(10), _clock);

        var e = await Assert.ThrowsAsync<FarmUnavailableException>(() => call.WithinAsync(Task.FromException(new SiloUnavailableException("gone")), "the silo list"));
        Assert.Equal("the farm could not reach the grain for the silo list (SiloUnavailableException): try again in a few seconds", e.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.WithinAsync(Task.FromException(new InvalidOperationException("refused")), "the action"));
    }
}
