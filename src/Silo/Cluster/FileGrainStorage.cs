using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization;
using Orleans.Storage;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// Grain state as files in one folder, for the one silo of an embedded render (its state stays in the render's
/// workspace, so a killed render resumes from it) and for tests that kill in-process silos. One file per grain
/// and state, named by a hash of both; an 8-byte version (the ETag) then Orleans' serialization of the state.
/// A write goes to a temporary file, is flushed and renamed over the old one, so a crash leaves the old state or
/// the new one. The version check assumes one process writes the folder.
/// </summary>
public sealed class FileGrainStorage(string folder, Serializer serializer) : IGrainStorage
{
    // One lock per file, so a version check and its write are one step for every activation in this process.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();

    /// <summary>The folder holding the state files.</summary>
    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await LockedAsync(path, async () =>
        {
            if (!File.Exists(path))
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }
            var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
            grainState.ETag = BitConverter.ToInt64(bytes, 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.State = serializer.Deserialize<T>(bytes.AsMemory(sizeof(long)));
            grainState.RecordExists = true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await LockedAsync(path, async () =>
        {
            var stored = await StoredVersionAsync(path).ConfigureAwait(false);
            CheckVersion(stored, grainState.ETag, stateName, grainId);
            var next = (stored ?? 0) + 1;
            var payload = serializer.SerializeToArray(grainState.State);
            var temporary = path + ".tmp";
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await file.WriteAsync(BitConverter.GetBytes(next)).ConfigureAwait(false);
                await file.WriteAsync(payload).ConfigureAwait(false);
                await file.FlushAsync().ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await LockedAsync(path, async () =>
        {
            CheckVersion(await StoredVersionAsync(path).ConfigureAwait(false), grainState.ETag, stateName, grainId);
            File.Delete(path);
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        }).ConfigureAwait(false);
    }

    private static async Task LockedAsync(string path, Func<Task> step)
    {
        var gate = Locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await step().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static void CheckVersion(long? stored, string? etag, string stateName, GrainId grainId)
    {
        var expected = stored?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (expected != etag)
            throw new InconsistentStateException($"state {stateName} of grain {grainId} is at version {expected ?? "none"}, not {etag ?? "none"}: another activation wrote it",
                expected ?? "none", etag ?? "none");
    }

    private static async Task<long?> StoredVersionAsync(string path)
    {
        if (!File.Exists(path)) return null;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var version = new byte[sizeof(long)];
        await file.ReadExactlyAsync(version).ConfigureAwait(false);
        return BitConverter.ToInt64(version);
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{stateName}\n{grainId}")))[..32].ToLowerInvariant();
        return Path.Combine(Folder, name + ".state");
    }
}
