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
/// A silo bounds it with <see cref="EvictJob"/> (a finished job's flows) and <see cref="TrimTo"/> (least
/// recently used segments first), between tasks. Thread-safe.
/// </summary>
public sealed class FlowCache
{
    private const string Marker = "flow.complete";
    private readonly object _gate = new();
    private readonly HashSet<SegmentRef> _complete;
    // Recency of each segment's last use: a counter, not a clock, so eviction order never depends on time.
    private readonly Dictionary<SegmentRef, long> _lastUse = [];
    private long _uses;

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
        var key = new SegmentRef(job, segment.Shot, segment.Index);
        lock (_gate)
        {
            Touch(key);
            return _complete.Contains(key);
        }
    }

    /// <summary>Records that every flow and weight file of the segment is here.</summary>
    public void MarkComplete(JobId job, Segment segment)
    {
        var marker = MarkerPath(job, segment);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "");
        var key = new SegmentRef(job, segment.Shot, segment.Index);
        lock (_gate)
        {
            _complete.Add(key);
            Touch(key);
        }
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
            foreach (var used in _lastUse.Keys.Where(s => s.Job == job).ToList()) _lastUse.Remove(used);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The jobs with any file here, complete segments or single fetched files.</summary>
    public IReadOnlyList<JobId> CachedJobs()
    {
        var jobs = Path.Combine(Folder, "jobs");
        if (!Directory.Exists(jobs)) return [];
        return Directory.EnumerateDirectories(jobs)
            .Select(Path.GetFileName)
            .Select(name => JobId.TryParse(name, out var id) ? id : (JobId?)null)
            .OfType<JobId>()
            .ToList();
    }

    /// <summary>Bytes of every file here.</summary>
    public long SizeBytes()
    {
        lock (_gate) return Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>
    /// Deletes whole segments, least recently used first, until the cache holds at most
    /// <paramref name="capacityBytes"/>; <paramref name="keep"/> (the segment just used, whose next pass is
    /// likely to come here) goes only if it alone exceeds the capacity. Returns the segments deleted.
    /// </summary>
    public IReadOnlyList<SegmentRef> TrimTo(long capacityBytes, SegmentRef? keep = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        lock (_gate)
        {
            var segments = SegmentFolders().Select(s => (Segment: s.Key, s.Folder, Bytes: FolderBytes(s.Folder))).ToList();
            var total = segments.Sum(s => s.Bytes);
            var deleted = new List<SegmentRef>();
            var order = segments
                .OrderBy(s => s.Segment == keep ? 1 : 0)
                .ThenBy(s => _lastUse.GetValueOrDefault(s.Segment));
            foreach (var (segment, folder, bytes) in order)
            {
                if (total <= capacityBytes) break;
                _complete.Remove(segment);
                _lastUse.Remove(segment);
                Directory.Delete(folder, recursive: true);
                total -= bytes;
                deleted.Add(segment);
            }
            return deleted;
        }
    }

    private void Touch(SegmentRef segment) => _lastUse[segment] = ++_uses;

    // jobs/{job}/shots/{shot}/segments/{segment}: complete or partly fetched.
    private IEnumerable<(SegmentRef Key, string Folder)> SegmentFolders()
    {
        var jobs = Path.Combine(Folder, "jobs");
        if (!Directory.Exists(jobs)) yield break;
        foreach (var folder in Directory.EnumerateDirectories(jobs, "*", SearchOption.AllDirectories))
            if (ParseSegmentFolder(Path.GetRelativePath(Folder, folder).Split(Path.DirectorySeparatorChar)) is { } key)
                yield return (key, folder);
    }

    private static long FolderBytes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static SegmentRef? ParseSegmentFolder(string[] parts) =>
        parts is ["jobs", var job, "shots", var shot, "segments", var segment]
        && JobId.TryParse(job, out var id)
        && int.TryParse(shot, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
        && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var g)
            ? new SegmentRef(id, s, g)
            : null;

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
            if (ParseSegmentFolder(Path.GetRelativePath(folder, Path.GetDirectoryName(marker)!).Split(Path.DirectorySeparatorChar)) is { } key)
                found.Add(key);
        return found;
    }
}
