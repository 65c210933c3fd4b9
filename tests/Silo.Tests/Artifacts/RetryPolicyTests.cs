using System.Net;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>What the SDK retries for the Azure store, how often and after how long, and the one-line errors: against a scripted HTTP handler.</summary>
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

        Assert.Equal(["connection refused", "no answer in time"], _waits.Select(w => w.Reason));
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
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public async Task ExhaustedNetworkRetriesReportTheLastNetworkError()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Refuse, ScriptedHandler.Refuse, ScriptedHandler.Refuse);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => Store(handler).PutAsync(Key, new byte[] { 1 }));

        Assert.True(error.IsTransient);
        Assert.Contains("Put Blob \"job-1/frame-1.png\" on container \"frames\"", error.Message);
        Assert.Contains("failed after 3 attempts", error.Message);
        Assert.Contains("(last: connection refused)", error.Message);
        Assert.Equal([1, 2], _waits.Select(w => w.Attempt));
    }

    [Fact]
    public async Task DelaysDoubleFromTheBaseUpToTheCap()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
            ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
            ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
            ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
            ScriptedHandler.Answer(HttpStatusCode.OK));
        var retry = new RetryOptions { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50) };

        Assert.True(await Store(handler, o => o with { Retry = retry }).ExistsAsync(Key));

        // The SDK's exponential delay with ±20 % jitter: about 20 and 40 ms, then the 50 ms cap.
        var waits = _waits.Select(w => w.Delay.TotalMilliseconds).ToList();
        Assert.Equal(4, waits.Count);
        Assert.InRange(waits[0], 16, 24);
        Assert.InRange(waits[1], 32, 48);
        Assert.Equal(50, waits[2], precision: 6);
        Assert.Equal(50, waits[3], precision: 6);
    }

    [Fact]
    public async Task ThrottledAnswerWaitsAsLongAsTheServerAsks()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Answer(HttpStatusCode.TooManyRequests, "ServerBusy", retryAfter: TimeSpan.FromSeconds(1)),
            ScriptedHandler.Answer(HttpStatusCode.OK));

        Assert.True(await Store(handler).ExistsAsync(Key));

        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(_waits).Delay);
    }

    [Theory]
    [InlineData(0, 10, 1)]
    [InlineData(3, -1, 1)]
    [InlineData(3, 10, 5)]
    public void OutOfRangeOptionsAreRejectedNamingTheSetting(int attempts, int baseMs, int capMs)
    {
        var options = new RetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(baseMs), MaxDelay = TimeSpan.FromMilliseconds(capMs) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

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
            // The script answers the blob requests only.
            CreateContainerIfMissing = false,
            Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        };
        return new AzureBlobArtifactStore(configure?.Invoke(options) ?? options, new HttpClient(handler), _waits.Add);
    }
}
