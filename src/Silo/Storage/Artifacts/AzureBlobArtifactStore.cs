using System.Diagnostics;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Artifacts as block blobs in one Azure Blob storage container, through the Azure SDK (Azure.Storage.Blobs).
/// </summary>
/// <remarks>
/// Atomicity is the SDK's upload: an object up to <see cref="AzureBlobOptions.SinglePutThreshold"/> is
/// committed by one Put Blob; a larger one goes up as uncommitted blocks, which no read, listing or
/// existence check sees, and is committed by one Put Block List. Either commit replaces the whole blob,
/// so a reader sees the old object or the new one, and an upload that fails before the commit leaves the
/// previous blob as it was. The service version is pinned (<see cref="AzureBlobOptions.ServiceVersion"/>);
/// the container is created by this store (the SDK never does); the SDK's errors become one-line
/// <see cref="ArtifactStoreException"/>s (<see cref="BlobErrors"/>).
/// </remarks>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    private const string BlobContentType = "application/octet-stream";

    private readonly AzureBlobOptions _options;
    private readonly BlobContainerClient _container;
    private readonly BlobErrors _errors;
    private readonly SemaphoreSlim _containerCheck = new(1, 1);
    private volatile bool _containerChecked;
    private volatile bool _cannotCreateContainer;

    /// <summary>Creates the store.</summary>
    /// <param name="options">Account, container and transfer settings; validated here.</param>
    /// <param name="http">The client the SDK sends with (the caller owns it).</param>
    /// <param name="onRetry">Told of every retry before its wait (logs, tests); null for none.</param>
    /// <exception cref="ArgumentException">A setting is out of range or a credential is malformed.</exception>
    public AzureBlobArtifactStore(AzureBlobOptions options, HttpClient http, Action<RetryAttempt>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        _options = options;
        var account = options.Account;
        var clientOptions = new BlobClientOptions(AzureBlobOptions.ServiceVersion)
        {
            Transport = new HttpClientTransport(http),
            RetryPolicy = ObservedRetryPolicy.Create(options.Retry, onRetry),
        };
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        var address = new Uri(account.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + options.Container);
        _container = account.AccountKey is { Length: > 0 } key
            ? new BlobContainerClient(address, new StorageSharedKeyCredential(account.AccountName, key), clientOptions)
            : new BlobContainerClient(address, new AzureSasCredential(account.SasToken!.TrimStart('?')), clientOptions);
        _errors = new BlobErrors(options,
            $"container \"{options.Container}\" of Azure storage account \"{account.AccountName}\" at {account.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}");
    }

    /// <summary>The settings in use.</summary>
    public AzureBlobOptions Options => _options;

    /// <inheritdoc />
    public override string ToString() => _errors.Description;

    /// <inheritdoc />
    public Task PutAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return UploadAsync(key, BinaryData.FromBytes(content).ToStream(), cancellationToken);
    }

    /// <inheritdoc />
    public Task PutAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(content);
        return UploadAsync(key, content, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var stream = await OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // One Get Blob: the stream is the version committed now (the SDK resumes a broken read with an ETag condition).
            var download = await Blob(key).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (BlobErrors.IsMissing(e))
        {
            throw new ArtifactNotFoundException(key, _errors.Description);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw _errors.Translate(e, BlobOperation.GetBlob, key.Value, started);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Blob(key).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (BlobErrors.IsMissing(e))
        {
            return false;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw _errors.Translate(e, BlobOperation.GetBlobProperties, key.Value, started);
        }
    }

    /// <inheritdoc />
    /// <remarks>A delete whose answer was lost and that is retried reports false, as the blob is already gone.</remarks>
    public async Task<bool> DeleteAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Blob(key).DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (BlobErrors.IsMissing(e))
        {
            return false;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw _errors.Translate(e, BlobOperation.DeleteBlob, key.Value, started);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        return ListPagesAsync(prefix, cancellationToken);
    }

    private async IAsyncEnumerable<ArtifactInfo> ListPagesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix }, cancellationToken)
            .AsPages(pageSizeHint: _options.ListPageSize)
            .GetAsyncEnumerator(cancellationToken);
        await using var _ = pages.ConfigureAwait(false);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (!await pages.MoveNextAsync().ConfigureAwait(false)) yield break;
            }
            catch (RequestFailedException e) when (BlobErrors.IsContainerMissing(e))
            {
                // A container that was never written to holds nothing.
                yield break;
            }
            catch (Exception e) when (IsStoreError(e, cancellationToken))
            {
                throw _errors.Translate(e, BlobOperation.ListBlobs, prefix, started);
            }
            foreach (var blob in pages.Current.Values)
            {
                // Blobs written by other tools may have names that are not artifact keys; they are not artifacts.
                if (!IsArtifactKey(blob.Name)) continue;
                yield return new ArtifactInfo(new ArtifactKey(blob.Name), blob.Properties.ContentLength ?? 0,
                    blob.Properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
    }

    /// <summary>
    /// Creates the container unless it exists. Writes do this once by themselves when
    /// <see cref="AzureBlobOptions.CreateContainerIfMissing"/> is set; call it at start-up to learn
    /// early that the credentials work. A container SAS cannot create its container.
    /// </summary>
    public async Task CreateContainerAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerChecked = true;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw _errors.Translate(e, BlobOperation.CreateContainer, _options.Container, started);
        }
    }

    private async Task UploadAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = BlobContentType },
            TransferOptions = new Azure.Storage.StorageTransferOptions
            {
                // The SDK puts in one request only what is below its threshold: one byte more makes "up to SinglePutThreshold" one Put Blob.
                InitialTransferSize = _options.SinglePutThreshold + 1,
                MaximumTransferSize = _options.BlockSize,
                MaximumConcurrency = _options.BlockUploadConcurrency,
            },
            // MD5 of every request body, so the service rejects a corrupted one.
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        try
        {
            await Blob(key).UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw _errors.Translate(e, UploadOperation(e, content), key.Value, started, _cannotCreateContainer);
        }
    }

    // Once per store: the SDK creates no container. A credential that may not create one (a container SAS) goes on to the write, whose error says what to do.
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerChecked || !_options.CreateContainerIfMissing) return;
        await _containerCheck.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_containerChecked) return;
            try
            {
                await CreateContainerAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ArtifactStoreException e) when (!e.IsTransient)
            {
                _cannotCreateContainer = true;
            }
            _containerChecked = true;
        }
        finally
        {
            _containerCheck.Release();
        }
    }

    // Which request failed: the SDK's error names its status only, so tell a block upload from a single put by the size.
    private BlobOperation UploadOperation(Exception error, Stream content)
    {
        var large = content.CanSeek && content.Length > _options.SinglePutThreshold;
        return error is RequestFailedException { ErrorCode: "ContainerNotFound" } || !large ? BlobOperation.PutBlob : BlobOperation.PutBlock;
    }

    private BlockBlobClient Blob(ArtifactKey key) => _container.GetBlockBlobClient(key.Value);

    // The store's own failures (the SDK's errors and bundles of them); not a cancellation asked for, not a caller's stream failing.
    private static bool IsStoreError(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is RequestFailedException or AggregateException { InnerExceptions: [RequestFailedException or HttpRequestException or IOException, ..] };

    private static bool IsArtifactKey(string name)
    {
        try { _ = new ArtifactKey(name); return true; }
        catch (ArgumentException) { return false; }
    }
}
