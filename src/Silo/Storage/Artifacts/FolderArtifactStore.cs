using System.Runtime.CompilerServices;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Artifacts as files in a local folder: the object under key <c>a/b/c</c> is the file
/// <c>ROOT/objects/a/b/c</c>. For the embedded, single-machine farm.
/// </summary>
/// <remarks>
/// Atomicity: a put writes <c>ROOT/staging/GUID.tmp</c>, flushes it to disk (fsync), renames it over
/// the final name (rename(2) replaces atomically on one file system) and flushes the folder, so a
/// reader sees the old file or the complete new one, and a crash leaves at most a stray file in
/// staging/, which is never listed and may be deleted while no put runs. Open read streams keep
/// reading the version they opened. A key cannot name both an object and a folder of objects
/// ("a/b" and "a/b/c"): such a put fails with a clear error. Empty folders left by deletes are kept.
/// </remarks>
public sealed class FolderArtifactStore : IArtifactStore
{
    private const int BufferSize = 1 << 20;

    private readonly string _objects;
    private readonly string _staging;

    /// <summary>Creates the store in <paramref name="root"/>, creating the folder if needed.</summary>
    public FolderArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _objects = Path.Combine(Root, "objects");
        _staging = Path.Combine(Root, "staging");
        Directory.CreateDirectory(_objects);
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The store's folder (absolute).</summary>
    public string Root { get; }

    /// <inheritdoc />
    public override string ToString() => $"the folder artifact store at {Root}";

    /// <summary>The file that holds the object under <paramref name="key"/> once committed.</summary>
    public string PathOf(ArtifactKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(_objects, key.Value.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <inheritdoc />
    public Task PutAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        CommitAsync(key, (file, token) => file.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <inheritdoc />
    public Task PutAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return CommitAsync(key, (file, token) => content.CopyToAsync(file, BufferSize, token), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(key, cancellationToken);
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        try
        {
            // FileShare.Delete: a put may replace the file while it is read; this reader keeps the old version.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
                                  || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            throw new ArtifactNotFoundException(key, ToString());
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(PathOf(key)));
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        return ListFilesAsync(prefix, cancellationToken);
    }

    private async IAsyncEnumerable<ArtifactInfo> ListFilesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Only the folder named by the prefix's complete segments can hold matches.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _objects : Path.Combine(_objects, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder)) yield break;
        var found = new List<ArtifactInfo>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetRelativePath(_objects, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                found.Add(new ArtifactInfo(new ArtifactKey(name), file.Length, new DateTimeOffset(file.LastWriteTimeUtc)));
        }
        found.Sort((a, b) => a.Key.CompareTo(b.Key));
        foreach (var info in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return info;
        }
        await Task.CompletedTask;
    }

    private async Task CommitAsync(ArtifactKey key, Func<FileStream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        if (Directory.Exists(target))
            throw new ArtifactStoreException($"Cannot put \"{key}\" in {this}: it is a folder of other artifacts (\"{key}/…\"); a key cannot name both an object and a folder.");
        Directory.CreateDirectory(_staging);
        var temp = Path.Combine(_staging, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                // Durable before it becomes visible: a crash after the rename never exposes a file the disk never got.
                file.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var folder = Path.GetDirectoryName(target)!;
            CreateFolder(key, folder);
            File.Move(temp, target, overwrite: true);
            FolderSync.Flush(folder);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private void CreateFolder(ArtifactKey key, string folder)
    {
        try { Directory.CreateDirectory(folder); }
        catch (IOException e)
        {
            throw new ArtifactStoreException(
                $"Cannot put \"{key}\" in {this}: a part of its path is already an artifact ({e.Message}); a key cannot name both an object and a folder.",
                isTransient: false, e);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stray file in staging/ is harmless: it is never listed or read.
        }
    }
}
