using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>Retries against a real outage: each test has its own Azurite, which it stops and starts.</summary>
public sealed class AzureBlobOutageTests : IAsyncLifetime
{
    private static readonly ArtifactKey Key = new("job-1/shot-1/seg-0/pass-0/frame-00001.png");

    private readonly HttpClient _http = new();
    private readonly List<RetryAttempt> _retries = [];
    private readonly TaskCompletionSource _firstRetry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AzuriteServer? _azurite;

    private AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task PutSucceedsWhenAzuriteComesBackWithinTheRetryWindow()
    {
        // Waits of at least 25, 50, 100, then 200 ms: the 40 attempts span more than 7 s, ample time for a restart.
        var store = Store(new RetryOptions { MaxAttempts = 40, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) });
        var before = TestBytes.Create(500, seed: 1);
        await store.PutAsync(new ArtifactKey("job-1/before.png"), before);
        var bytes = TestBytes.Create(3 << 20, seed: 2);

        await Azurite.StopAsync();
        var put = store.PutAsync(Key, bytes);
        await _firstRetry.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Azurite.StartAgainAsync();
        await put.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(bytes, await store.GetAsync(Key));
        Assert.Equal(before, await store.GetAsync(new ArtifactKey("job-1/before.png")));
        var retries = Snapshot();
        Assert.NotEmpty(retries);
        Assert.Contains(retries, r => r.Reason == "connection refused");
        Assert.StartsWith("Put Block", retries[0].Operation);
    }

    [Fact]
    public async Task PutFailsClearlyAfterTheConfiguredAttemptsWhenAzuriteStaysDown()
    {
        var store = Store(new RetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(40) });
        await store.PutAsync(Key, new byte[] { 1 });

        await Azurite.StopAsync();
        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutAsync(Key, TestBytes.Create(100, seed: 3)));

        Assert.True(error.IsTransient);
        Assert.Contains($"Put Blob \"{Key}\" on container", error.Message);
        Assert.Contains($"of Azure storage account \"devstoreaccount1\" at http://127.0.0.1:{Azurite.Port}/devstoreaccount1", error.Message);
        Assert.Contains("failed after 4 attempts", error.Message);
        Assert.Contains("(last: connection refused)", error.Message);
        // Three waits, one after each failed attempt but the last: the SDK's 10, 20, 40 ms with ±20 % jitter, capped at 40 ms.
        var retries = Snapshot();
        Assert.Equal([1, 2, 3], retries.Select(r => r.Attempt));
        Assert.All(retries.Zip([10, 20, 40]), pair =>
            Assert.InRange(pair.First.Delay.TotalMilliseconds, pair.Second * 0.8, Math.Min(pair.Second * 1.2, 40)));
        // Nothing changed while it was down.
        await Azurite.StartAgainAsync();
        Assert.Equal(new byte[] { 1 }, await store.GetAsync(Key));
    }

    [Fact]
    public async Task CancellingDuringRetriesStopsAtOnce()
    {
        var store = Store(new RetryOptions { MaxAttempts = 100, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100) });
        await Azurite.StopAsync();
        using var cancel = new CancellationTokenSource();

        var put = store.PutAsync(Key, new byte[] { 1 }, cancel.Token);
        await _firstRetry.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(Snapshot().Count < 100);
    }

    private AzureBlobArtifactStore Store(RetryOptions retry) =>
        new(AzureTestOptions.For(Azurite.Account) with { Retry = retry }, _http, Record);

    // Records each retry and announces the first; the SDK then waits.
    private void Record(RetryAttempt attempt)
    {
        lock (_retries) _retries.Add(attempt);
        _firstRetry.TrySetResult();
    }

    private List<RetryAttempt> Snapshot()
    {
        lock (_retries) return [.. _retries];
    }
}
