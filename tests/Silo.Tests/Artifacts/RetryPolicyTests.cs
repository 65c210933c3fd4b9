using System.Net;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>What is retried, how often and after how long: the Azure store against a scripted HTTP handler.</summary>
public sealed class RetryPolicyTests
{
    private static readonly ArtifactKey Key = new("job-1/frame-1.png");
    private readonly List<RetryAttempt> _waits = [];

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task ClientErrorsAreNotRetried(HttpStatusCode status)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Answer(status, "SomeError"));

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => Store(handler).PutAsync(Key, new byte[] { 1 }));

        Assert.Single(handler.Requests);
        Assert.Empty(_waits);
        Assert.False(error.IsTransient);
        Assert.Contains($"{(int)status} SomeError", error.Message);
    }

    [Fact]
    public async Task MissingBlobIsNotRetried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Answer(HttpStatusCode.NotFound, "BlobNotFound"));

        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store(handler).GetAsync(Key));

        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task ServerErrorsTimeoutsAndThrottlingAreRetried(HttpStatusCode status)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Answer(status, "ServerBusy"), ScriptedHandler.Answer(HttpStatusCode.Created));

        await Store(handler).PutAsync(Key, new byte[] { 1 });

        Assert.Equal(2, handler.Requests.Count);
        var wait = Assert.Single(_waits);
        Assert.Equal($"{(int)status} ServerBusy", wait.Reason);
        Assert.Equal("Put Blob \"job-1/frame-1.png\"", wait.Operation);
    }

    [Fact]
    public async Task RefusedConnectionsAndAttemptsThatTimeOutAreRetried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Refuse, ScriptedHandler.Hang, ScriptedHandler.Answer(HttpStatusCode.OK));
        var store = Store(handler, options => options with { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        Assert.True(await store.ExistsAsync(Key));

        Assert.Equal(["connection refused", "no answer within 0.2 s"], _waits.Select(w => w.Reason));
    }

    [Fact]
    public async Task ExhaustedRetriesReportTheAttemptsAndTheLastAnswer()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
            ScriptedHandler.Answer(HttpStatusCode.InternalServerError, "InternalError"),
            ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"));

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => Store(handler).DeleteAsync(Key));

        Assert.Equal(3, handler.Requests.Count);
        Assert.True(error.IsTransient);
        Assert.Contains("Delete Blob \"job-1/frame-1.png\" on container \"frames\" of Azure storage account \"acct\"", error.Message);
        Assert.Contains("failed after 3 attempts", error.Message);
        Assert.Contains("(last: 503 ServerBusy)", error.Message);
    }

    [Fact]
    public void DelaysDoubleFromTheBaseUpToTheCapWithEqualJitter()
    {
        var options = new RetryOptions { MaxAttempts = 10, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var lowest = new RetryPolicy(options, random: new FixedRandom(0.0));
        var highest = new RetryPolicy(options, random: new FixedRandom(1.0));

        double[] bounds = [100, 200, 400, 800, 1000, 1000, 1000];
        for (var attempt = 1; attempt <= bounds.Length; attempt++)
        {
            Assert.Equal(bounds[attempt - 1] / 2, lowest.DelayAfter(attempt).TotalMilliseconds, precision: 6);
            Assert.Equal(bounds[attempt - 1], highest.DelayAfter(attempt).TotalMilliseconds, precision: 6);
        }
        Assert.Equal(1000, highest.DelayAfter(int.MaxValue).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void RetryAfterFromTheServerIsHonouredUpToTheCap()
    {
        var policy = new RetryPolicy(new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) },
            random: new FixedRandom(0.0));

        Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayAfter(1, retryAfter: TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayAfter(1, retryAfter: TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.DelayAfter(1, retryAfter: TimeSpan.Zero));
    }

    [Fact]
    public async Task ThrottledAnswerWaitsAsLongAsTheServerAsks()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Answer(HttpStatusCode.TooManyRequests, "ServerBusy", retryAfter: TimeSpan.FromSeconds(3)),
            ScriptedHandler.Answer(HttpStatusCode.OK));

        Assert.True(await Store(handler, o => o with { Retry = o.Retry with { MaxDelay = TimeSpan.FromSeconds(5) } }).ExistsAsync(Key));

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(_waits).Delay);
    }

    [Theory]
    [InlineData(0, 10, 1)]
    [InlineData(3, -1, 1)]
    [InlineData(3, 10, 5)]
    public void OutOfRangeOptionsAreRejectedNamingTheSetting(int attempts, int baseMs, int capMs)
    {
        var options = new RetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(baseMs), MaxDelay = TimeSpan.FromMilliseconds(capMs) };

        var error = Assert.Throws<ArgumentException>(() => new RetryPolicy(options));

        Assert.Contains("RetryOptions.", error.Message);
    }

    private AzureBlobArtifactStore Store(ScriptedHandler handler, Func<AzureBlobOptions, AzureBlobOptions>? configure = null)
    {
        var options = new AzureBlobOptions
        {
            Account = new AzureBlobAccount
            {
                BlobEndpoint = new Uri("https://acct.blob.core.windows.net"),
                AccountName = "acct",
                AccountKey = AzureBlobAccount.DevelopmentAccountKey,
            },
            Container = "frames",
            Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
        };
        // The waits are recorded, not slept: these tests take no time.
        return new AzureBlobArtifactStore(configure?.Invoke(options) ?? options, new HttpClient(handler), (attempt, _) =>
        {
            _waits.Add(attempt);
            return Task.CompletedTask;
        });
    }

    private sealed class FixedRandom(double value) : Random
    {
        // Random.NextDouble is below 1; 1.0 here stands for "as high as it gets".
        public override double NextDouble() => value;
    }
}
