using System.Globalization;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A silo's local copy of segments' flows and consistency weights (DESIGN.md data flow step 3: flow is
/// big, so the silo that computed a segment's flow keeps it and prefers that segment's later passes).
/// Files mirror the artifact keys under <see cref="Folder"/>; a segment counts as cached once every
/// flow and weight file of it is here, which a <c>flow.complete</c> marker beside them records. The cache
/// is an optimisation only: whatever is missing comes from the artifact store, and deleting the folder
/// loses nothing. Files are written under a temporary name and renamed, so a crash leaves no torn file.
/// Thread-safe.
/// </summary>
public sealed class FlowCache
{
    private const string Marker = "flow.complete";
    private readonly object _gate = new();
    private readonly HashSet<SegmentRef> _complete;

    /// <summary>A cache in <paramref name="folder"/> (created if needed); segments already complete there count as cached.</summary>
    public FlowCache(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        _complete = Scan(Folder);
    }

    /// <summary>The cache folder.</summary>
    public string Folder { get; }

    /// <summary>The segments whose flow is complete here, for <see cref="Grains.Leasing.LeaseRequest.CachedSegments"/>.</summary>
    public IReadOnlySet<SegmentRef> CachedSegments()
    {
        lock (_gate) return new HashSet<SegmentRef>(_complete);
    }

    /// <summary>Where the file of <paramref name="key"/> lives in the cache (it may not exist yet).</summary>
    public string PathOf(ArtifactKey key) => Path.Combine(Folder, key.Value.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Whether the segment's flow is complete here.</summary>
    public bool IsComplete(JobId job, Segment segment)
    {
        lock (_gate) return _complete.Contains(new SegmentRef(job, segment.Shot, segment.Index));
    }

    /// <summary>Records that every flow and weight file of the segment is here.</summary>
    public void MarkComplete(JobId job, Segment segment)
    {
        var marker = MarkerPath(job, segment);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "");
        lock (_gate) _complete.Add(new SegmentRef(job, segment.Shot, segment.Index));
    }

    /// <summary>
    /// Makes the segment's flow complete here: when it is not, downloads every flow and weight artifact
    /// of the segment from <paramref name="store"/> (what its flow task committed) and marks it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store holds no flow for the segment: its flow task has not committed.</exception>
    public async Task EnsureSegmentAsync(JobId job, Segment segment, IArtifactStore store, CancellationToken cancellationToken)
    {
        if (IsComplete(job, segment)) return;
        var prefix = ArtifactKey.SegmentPrefix(job, segment);
        var fetched = 0;
        foreach (var folder in new[] { "flow/", "weights/" })
        {
            await foreach (var artifact in store.ListAsync(prefix + folder, cancellationToken).ConfigureAwait(false))
            {
                await GetAsync(artifact.Key, store, cancellationToken).ConfigureAwait(false);
                fetched++;
            }
        }
        // A one-frame segment has no frame pairs, hence no flow.
        if (fetched == 0 && segment.Halo.Count > 1)
            throw new InvalidOperationException($"no flow of segment {segment.Index} of shot {segment.Shot} of job {job} is in {store}: its flow task must commit before the segment is stylized");
        MarkComplete(job, segment);
    }

    /// <summary>The local path of <paramref name="key"/>, downloaded from <paramref name="store"/> first when it is not here.</summary>
    public async Task<string> GetAsync(ArtifactKey key, IArtifactStore store, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path)) return path;
        var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        await WriteAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Removes every cached file of <paramref name="job"/> (after it finished).</summary>
    public void Evict(JobId job)
    {
        var folder = Path.Combine(Folder, "jobs", job.ToString());
        lock (_gate)
        {
            _complete.RemoveWhere(s => s.Job == job);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> under a temporary name, then renames it.</summary>
    internal static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = TempPath(path);
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A unique hidden name beside <paramref name="path"/> (same folder, so the rename is atomic).</summary>
    internal static string TempPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private string MarkerPath(JobId job, Segment segment) =>
        Path.Combine(Folder, ArtifactKey.SegmentPrefix(job, segment).Replace('/', Path.DirectorySeparatorChar), Marker);

    // jobs/{job}/shots/{shot}/segments/{segment}/flow.complete
    private static HashSet<SegmentRef> Scan(string folder)
    {
        var found = new HashSet<SegmentRef>();
        var jobs = Path.Combine(folder, "jobs");
        if (!Directory.Exists(jobs)) return found;
        foreach (var marker in Directory.EnumerateFiles(jobs, Marker, SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(folder, marker).Split(Path.DirectorySeparatorChar);
            if (parts is ["jobs", var job, "shots", var shot, "segments", var segment, Marker]
                && JobId.TryParse(job, out var id)
                && int.TryParse(shot, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var g))
                found.Add(new SegmentRef(id, s, g));
        }
        return found;
    }
}
