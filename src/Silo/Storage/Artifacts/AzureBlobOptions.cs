namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>Settings of an <see cref="AzureBlobArtifactStore"/>; every default is given below.</summary>
public sealed record AzureBlobOptions
{
    /// <summary>Azure's limit on the number of blocks in one blob.</summary>
    public const int MaxBlockCount = 50_000;

    /// <summary>
    /// The Blob service version every request names, pinned: the SDK's default (2026-10-06) is newer
    /// than Azurite 3.34 accepts, and this one both Azurite and Azure accept.
    /// </summary>
    public const Azure.Storage.Blobs.BlobClientOptions.ServiceVersion ServiceVersion = Azure.Storage.Blobs.BlobClientOptions.ServiceVersion.V2025_05_05;

    /// <summary><see cref="ServiceVersion"/> as the service writes it, for messages.</summary>
    public const string ServiceVersionText = "2025-05-05";

    /// <summary>The storage account and its credentials.</summary>
    public required AzureBlobAccount Account { get; init; }

    /// <summary>
    /// The container holding the artifacts: 3–63 characters, lower-case letters, digits and single
    /// hyphens, starting with a letter or digit.
    /// </summary>
    public required string Container { get; init; }

    /// <summary>
    /// Objects of a known length up to this size go up in one Put Blob request; larger ones, and streams
    /// that cannot seek, in blocks (Put Block, then Put Block List), as the SDK does. Default: 8 MiB.
    /// </summary>
    public long SinglePutThreshold { get; init; } = 8 * 1024 * 1024;

    /// <summary>The size of each block of a block upload (Azure allows up to 4000 MiB). Default: 4 MiB.</summary>
    public int BlockSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Blocks of one object uploaded at the same time (memory: this many blocks). Default: 4.</summary>
    public int BlockUploadConcurrency { get; init; } = 4;

    /// <summary>Blobs asked for per List Blobs page (Azure allows at most 5000). Default: 1000.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>
    /// The longest one attempt of one request may take (the SDK's NetworkTimeout); then it counts
    /// as a timeout and is retried. Default: 100 s (the SDK's and HttpClient's default).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Create the container (the SDK never does) before this store's first write, unless it exists. Needs Shared
    /// Key or an account SAS allowed to create containers; with a container SAS the attempt is refused and
    /// the container must exist. Default: true.
    /// </summary>
    public bool CreateContainerIfMissing { get; init; } = true;

    /// <summary>Retries of unreachable, timed-out or overloaded requests. Default: see <see cref="RetryOptions"/>.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>Options for the account in <paramref name="connectionString"/> (see <see cref="AzureStorageConnectionString"/>) and <paramref name="container"/>.</summary>
    public static AzureBlobOptions FromConnectionString(string connectionString, string container) =>
        new() { Account = AzureStorageConnectionString.Parse(connectionString), Container = container };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Account, nameof(Account));
        Account.Validate();
        if (!IsValidContainerName(Container))
            throw new ArgumentException($"Container name \"{Container}\" is invalid: use 3–63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        if (SinglePutThreshold < 0 || SinglePutThreshold > 5000L * 1024 * 1024)
            throw new ArgumentException($"SinglePutThreshold is {SinglePutThreshold}; it must be between 0 and 5000 MiB (Azure's Put Blob limit).");
        // An int is always below Azure's 4000 MiB block limit.
        if (BlockSize < 1)
            throw new ArgumentException($"BlockSize is {BlockSize}; it must be at least 1 byte.");
        if (BlockUploadConcurrency < 1)
            throw new ArgumentException($"BlockUploadConcurrency is {BlockUploadConcurrency}; it must be at least 1.");
        if (ListPageSize < 1 || ListPageSize > 5000)
            throw new ArgumentException($"ListPageSize is {ListPageSize}; it must be between 1 and 5000.");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"RequestTimeout is {RequestTimeout}; it must be positive.");
        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
        Retry.Validate();
    }

    private static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length < 3 || name.Length > 63) return false;
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '-') { if (name[i - 1] == '-') return false; continue; }
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c)) return false;
        }
        return true;
    }
}
