using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>Store options for the tests: 1 MiB blocks and threshold, pages of two, quick retries, a fresh container.</summary>
public static class AzureTestOptions
{
    public static AzureBlobOptions For(AzureBlobAccount account) => new()
    {
        Account = account,
        Container = "t" + Guid.NewGuid().ToString("N")[..20],
        SinglePutThreshold = 1 << 20,
        BlockSize = 1 << 20,
        ListPageSize = 2,
        RequestTimeout = TimeSpan.FromSeconds(30),
        Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
    };
}
