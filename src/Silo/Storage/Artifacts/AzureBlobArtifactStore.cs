using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Artifacts as block blobs in one Azure Blob storage container, spoken over the REST API.
/// </summary>
/// <remarks>
/// Atomicity: an object up to <see cref="AzureBlobOptions.SinglePutThreshold"/> is committed by one
/// Put Blob; a larger one is uploaded as uncommitted blocks (Put Block), which no read, listing or
/// existence check can see, and committed by one Put Block List. Either commit replaces the whole
/// blob at once, so a reader sees the old object or the new one; an upload that fails before the
/// commit leaves the previous blob as it was (its stray blocks are discarded by the next commit, or
/// by Azure after a week). Block ids carry a per-upload id, so concurrent uploads of one key never
/// mix blocks. Every request carries Content-MD5, so the service rejects a corrupted body.
/// </remarks>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    private const string BlobContentType = "application/octet-stream";

    private readonly AzureBlobOptions _options;
    private readonly BlobRestClient _client;

    /// <summary>Creates the store.</summary>
    /// <param name="options">Account, container and transfer settings; validated here.</param>
    /// <param name="http">
    /// The client to send with (the caller owns it). The store times attempts out itself
    /// (<see cref="AzureBlobOptions.RequestTimeout"/>); give it a client whose Timeout is at least that long.
    /// </param>
    /// <param name="retryDelay">How waits between attempts are carried out; default <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</param>
    /// <exception cref="ArgumentException">A setting is out of range or a credential is malformed.</exception>
    public AzureBlobArtifactStore(AzureBlobOptions options, HttpClient http, RetryDelay? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        _options = options;
        _client = new BlobRestClient(http, options, new RetryPolicy(options.Retry, retryDelay));
    }

    /// <summary>The settings in use.</summary>
    public AzureBlobOptions Options => _options;

    /// <inheritdoc />
    public override string ToString() => _client.Description;

    /// <inheritdoc />
    public async Task PutAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (content.Length <= _options.SinglePutThreshold)
        {
            await PutBlobAsync(key, content, cancellationToken);
            return;
        }
        await PutBlocksAsync(key, ChunksOf(content), cancellationToken);
    }

    /// <inheritdoc />
    public async Task PutAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(content);
        // Read one byte past the threshold to learn whether a single Put Blob is enough.
        var probe = _options.SinglePutThreshold + 1;
        if (content.CanSeek) probe = Math.Min(probe, Math.Max(0, content.Length - content.Position) + 1);
        var head = new byte[probe];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (read <= _options.SinglePutThreshold)
        {
            await PutBlobAsync(key, head.AsMemory(0, read), cancellationToken);
            return;
        }
        await PutBlocksAsync(key, ChunksOf(head.AsMemory(0, read), content, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var response = await _client.SendAsync(BlobOperation.GetBlob, key.Value,
            () => new HttpRequestMessage(HttpMethod.Get, _client.BlobUri(key)), streamBody: false, cancellationToken);
        await EnsureFoundAsync(response, BlobOperation.GetBlob, key, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var response = await _client.SendAsync(BlobOperation.GetBlob, key.Value,
            () => new HttpRequestMessage(HttpMethod.Get, _client.BlobUri(key)), streamBody: true, cancellationToken);
        try
        {
            await EnsureFoundAsync(response, BlobOperation.GetBlob, key, cancellationToken);
            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var response = await _client.SendAsync(BlobOperation.GetBlobProperties, key.Value,
            () => new HttpRequestMessage(HttpMethod.Head, _client.BlobUri(key)), streamBody: false, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        throw await _client.FailureAsync(response, BlobOperation.GetBlobProperties, key.Value, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A delete whose answer was lost and that is retried reports false, as the blob is already gone.</remarks>
    public async Task<bool> DeleteAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var response = await _client.SendAsync(BlobOperation.DeleteBlob, key.Value,
            () => new HttpRequestMessage(HttpMethod.Delete, _client.BlobUri(key)), streamBody: false, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Accepted) return true;
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        throw await _client.FailureAsync(response, BlobOperation.DeleteBlob, key.Value, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        return ListPagesAsync(prefix, cancellationToken);
    }

    private async IAsyncEnumerable<ArtifactInfo> ListPagesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var marker = "";
        do
        {
            var query = new StringBuilder("restype=container&comp=list");
            if (prefix.Length > 0) query.Append("&prefix=").Append(Uri.EscapeDataString(prefix));
            query.Append("&maxresults=").Append(_options.ListPageSize.ToString(CultureInfo.InvariantCulture));
            if (marker.Length > 0) query.Append("&marker=").Append(Uri.EscapeDataString(marker));
            var address = _client.ContainerUri(query.ToString());
            XElement page;
            using (var response = await _client.SendAsync(BlobOperation.ListBlobs, prefix,
                       () => new HttpRequestMessage(HttpMethod.Get, address), streamBody: false, cancellationToken))
            {
                // A container that was never written to holds nothing.
                if (response.StatusCode == HttpStatusCode.NotFound && BlobRestClient.ErrorCode(response) == "ContainerNotFound") yield break;
                if (response.StatusCode != HttpStatusCode.OK)
                    throw await _client.FailureAsync(response, BlobOperation.ListBlobs, prefix, cancellationToken);
                page = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).Root
                       ?? throw new ArtifactStoreException($"List Blobs on {_client.Description} answered an empty document.");
            }
            foreach (var blob in page.Element("Blobs")?.Elements("Blob") ?? [])
            {
                var name = blob.Element("Name")?.Value ?? "";
                // Blobs written by other tools may have names that are not artifact keys; they are not artifacts.
                if (blob.Element("Name")?.Attribute("Encoded")?.Value == "true" || !IsArtifactKey(name)) continue;
                var properties = blob.Element("Properties");
                var length = long.Parse(properties?.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture);
                var modified = DateTimeOffset.Parse(properties?.Element("Last-Modified")?.Value ?? "", CultureInfo.InvariantCulture);
                yield return new ArtifactInfo(new ArtifactKey(name), length, modified);
            }
            marker = page.Element("NextMarker")?.Value ?? "";
        } while (marker.Length > 0);
    }

    private async Task PutBlobAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var md5 = MD5.HashData(content.Span);
        var address = _client.BlobUri(key);
        using var response = await SendWriteAsync(BlobOperation.PutBlob, key, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, address) { Content = Body(content, BlobContentType, md5) };
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
            return request;
        }, cancellationToken);
    }

    private async Task PutBlocksAsync(ArtifactKey key, IAsyncEnumerable<ReadOnlyMemory<byte>> blocks, CancellationToken cancellationToken)
    {
        var upload = Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        var inFlight = new List<Task>();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await foreach (var block in blocks.WithCancellation(cancellationToken))
            {
                if (ids.Count == AzureBlobOptions.MaxBlockCount)
                    throw new ArtifactStoreException(
                        $"\"{key}\" needs more than {AzureBlobOptions.MaxBlockCount} blocks of {_options.BlockSize} bytes; raise AzureBlobOptions.BlockSize.");
                // Fixed-length ids (Azure requires one length per blob) that name this upload.
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{upload}-{ids.Count:D6}"));
                ids.Add(id);
                inFlight.Add(PutBlockAsync(key, id, block, abandon.Token));
                if (inFlight.Count >= _options.BlockUploadConcurrency)
                {
                    var finished = await Task.WhenAny(inFlight);
                    inFlight.Remove(finished);
                    await finished;
                }
            }
            await Task.WhenAll(inFlight);
        }
        catch
        {
            // Stop the other blocks and let them finish before the error goes up; nothing was committed.
            await abandon.CancelAsync();
            try { await Task.WhenAll(inFlight); }
            catch (Exception)
            {
                // The first error, caught above, is the one reported; these are its consequences.
            }
            throw;
        }
        await PutBlockListAsync(key, ids, cancellationToken);
    }

    private async Task PutBlockAsync(ArtifactKey key, string id, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        var md5 = MD5.HashData(block.Span);
        var address = _client.BlobUri(key, "comp=block&blockid=" + Uri.EscapeDataString(id));
        using var response = await SendWriteAsync(BlobOperation.PutBlock, key,
            () => new HttpRequestMessage(HttpMethod.Put, address) { Content = Body(block, BlobContentType, md5) }, cancellationToken);
    }

    private async Task PutBlockListAsync(ArtifactKey key, List<string> ids, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in ids) xml.Append("<Latest>").Append(id).Append("</Latest>");
        xml.Append("</BlockList>");
        var body = Encoding.UTF8.GetBytes(xml.ToString());
        var md5 = MD5.HashData(body);
        var address = _client.BlobUri(key, "comp=blocklist");
        using var response = await SendWriteAsync(BlobOperation.PutBlockList, key, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, address) { Content = Body(body, "application/xml", md5) };
            request.Headers.Add("x-ms-blob-content-type", BlobContentType);
            return request;
        }, cancellationToken);
    }

    // A write that finds the container missing creates it (when allowed) and tries once more.
    private async Task<HttpResponseMessage> SendWriteAsync(BlobOperation operation, ArtifactKey key, Func<HttpRequestMessage> create,
        CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(operation, key.Value, create, streamBody: false, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && _options.CreateContainerIfMissing
            && BlobRestClient.ErrorCode(response) == "ContainerNotFound")
        {
            response.Dispose();
            await CreateContainerAsync(cancellationToken);
            response = await _client.SendAsync(operation, key.Value, create, streamBody: false, cancellationToken);
        }
        if (response.StatusCode == HttpStatusCode.Created) return response;
        using (response) throw await _client.FailureAsync(response, operation, key.Value, cancellationToken);
    }

    /// <summary>
    /// Creates the container unless it exists. Writes do this by themselves when
    /// <see cref="AzureBlobOptions.CreateContainerIfMissing"/> is set; call it at start-up to learn
    /// early that the credentials work. A container SAS cannot create its container.
    /// </summary>
    public async Task CreateContainerAsync(CancellationToken cancellationToken = default)
    {
        var address = _client.ContainerUri("restype=container");
        using var response = await _client.SendAsync(BlobOperation.CreateContainer, _options.Container,
            () => new HttpRequestMessage(HttpMethod.Put, address), streamBody: false, cancellationToken);
        // 409: another writer created it first.
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict) return;
        throw await _client.FailureAsync(response, BlobOperation.CreateContainer, _options.Container, cancellationToken);
    }

    private async Task EnsureFoundAsync(HttpResponseMessage response, BlobOperation operation, ArtifactKey key, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK) return;
        if (response.StatusCode == HttpStatusCode.NotFound) throw new ArtifactNotFoundException(key, _client.Description);
        throw await _client.FailureAsync(response, operation, key.Value, cancellationToken);
    }

    private static HttpContent Body(ReadOnlyMemory<byte> bytes, string contentType, byte[] md5)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentMD5 = md5;
        return content;
    }

    private static bool IsArtifactKey(string name)
    {
        try { _ = new ArtifactKey(name); return true; }
        catch (ArgumentException) { return false; }
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunksOf(ReadOnlyMemory<byte> content)
    {
        for (var offset = 0; offset < content.Length; offset += _options.BlockSize)
            yield return content.Slice(offset, Math.Min(_options.BlockSize, content.Length - offset));
        await Task.CompletedTask;
    }

    // The bytes already read, then the rest of the stream, in blocks of BlockSize; each block its own array, as several are in flight.
    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunksOf(ReadOnlyMemory<byte> head, Stream rest,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var endOfStream = false;
        while (!endOfStream || head.Length > 0)
        {
            var block = new byte[_options.BlockSize];
            var filled = Math.Min(head.Length, block.Length);
            head[..filled].CopyTo(block);
            head = head[filled..];
            if (filled < block.Length && !endOfStream)
            {
                var read = await rest.ReadAtLeastAsync(block.AsMemory(filled), block.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                endOfStream = filled < block.Length;
            }
            if (filled == 0) yield break;
            yield return block.AsMemory(0, filled);
        }
    }
}
