using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// The training set of a run (sec. 5.2.3): every still image under the data folders (made into synthetic sequences with
/// exact flow) and every video (cut into tuples of real footage, <see cref="FootageTuples"/>). Sample k of the run (the
/// b-th of iteration t is k = t·batch + b) is drawn from the run's seed and k alone: footage or still (with
/// <see cref="TrainingOptions.FootageFraction"/> when there are both), then the next item of that pool in an order
/// shuffled anew each epoch, and the synthetic motion. So the data order is the same on every run with the same seed and
/// a resumed run continues it exactly.
/// </summary>
public sealed class TrainingData
{
    /// <summary>Still images a run takes (by extension, case-insensitive).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".ppm"];

    /// <summary>Videos a run takes (by extension, case-insensitive).</summary>
    public static IReadOnlyList<string> VideoExtensions { get; } = [".mp4", ".mkv", ".avi", ".mov", ".webm", ".m4v", ".mpg", ".mpeg"];

    // A few hundred decoded stills stay in memory; beyond that they are decoded again (through ffmpeg) when drawn.
    private const int StillCacheSize = 256;

    private readonly TrainingOptions _options;
    private readonly Dictionary<int, RgbFrame> _stills = [];
    private readonly Queue<int> _stillOrder = new();
    private readonly Dictionary<(int Pool, long Epoch), int[]> _shuffles = [];

    private TrainingData(IReadOnlyList<string> stills, IReadOnlyList<string> tuples, TrainingOptions options)
    {
        Stills = stills;
        Tuples = tuples;
        _options = options;
    }

    /// <summary>The still images, sorted by path.</summary>
    public IReadOnlyList<string> Stills { get; }

    /// <summary>The cached footage tuples, sorted by video and frame.</summary>
    public IReadOnlyList<string> Tuples { get; }

    /// <summary>
    /// Finds the stills and videos under <paramref name="folders"/> (searched recursively) and prepares the videos'
    /// tuples in <paramref name="cacheFolder"/> (once per video).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="ArgumentException">No folder was given, or they hold no image and no video.</exception>
    public static async Task<TrainingData> OpenAsync(IReadOnlyList<string> folders, TrainingOptions options, string cacheFolder,
        IProgress<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (stills, videos) = Find(folders);
        var tuples = new List<string>();
        foreach (var video in videos)
            tuples.AddRange(await FootageTuples.PrepareAsync(video, options.ImageSize, options, cacheFolder, log, cancel).ConfigureAwait(false));
        return new TrainingData(stills, tuples, options);
    }

    /// <summary>The still images and the videos under <paramref name="folders"/> (searched recursively), sorted, without opening them.</summary>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="ArgumentException">No folder was given, or they hold no image and no video.</exception>
    public static (List<string> Stills, List<string> Videos) Find(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0) throw new ArgumentException("give at least one training data folder (--data DIR)", nameof(folders));
        var files = new List<string>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"training data folder not found: {folder}");
            files.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFullPath));
        }
        files = files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var stills = files.Where(f => HasExtension(f, ImageExtensions)).ToList();
        var videos = files.Where(f => HasExtension(f, VideoExtensions)).ToList();
        if (stills.Count == 0 && videos.Count == 0)
            throw new ArgumentException(
                $"{string.Join(", ", folders)}: no training data: put still images ({string.Join(" ", ImageExtensions)}) or videos ({string.Join(" ", VideoExtensions)}) there");
        return (stills, videos);
    }

    /// <summary>Sample <paramref name="index"/> of the run, cut to <paramref name="frames"/> frames.</summary>
    public TrainingClip Sample(long index, int frames)
    {
        var random = SampleDraw.For(_options.Seed, index, SampleDraw.Purpose.Data);
        var footage = Tuples.Count > 0 && (Stills.Count == 0 || random.NextDouble() < _options.FootageFraction);
        var walkSeed = random.Next();
        if (footage) return FootageTuples.Load(Tuples[Item(1, Tuples.Count, index)]).Take(frames);
        var photo = Still(Item(0, Stills.Count, index));
        return SyntheticClips.Make(photo, _options.ImageSize, frames, walkSeed, _options);
    }

    // Position index of the pool in that epoch's shuffled order.
    private int Item(int pool, int count, long index)
    {
        var epoch = index / count;
        if (!_shuffles.TryGetValue((pool, epoch), out var order))
        {
            order = Enumerable.Range(0, count).ToArray();
            SampleDraw.For(_options.Seed, epoch, SampleDraw.Purpose.Shuffle + pool).Shuffle(order);
            foreach (var old in _shuffles.Keys.Where(k => k.Pool == pool && k.Epoch < epoch - 1).ToList()) _shuffles.Remove(old);
            _shuffles[(pool, epoch)] = order;
        }
        return order[(int)(index % count)];
    }

    private RgbFrame Still(int item)
    {
        if (_stills.TryGetValue(item, out var kept)) return kept;
        var photo = StillPhoto.Fit(ImageFile.Read(Stills[item]), _options.ImageSize);
        _stills[item] = photo;
        _stillOrder.Enqueue(item);
        if (_stillOrder.Count > StillCacheSize) _stills.Remove(_stillOrder.Dequeue());
        return photo;
    }

    private static bool HasExtension(string path, IReadOnlyList<string> extensions) =>
        extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
