using System.Diagnostics;
using System.Diagnostics.Metrics;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Telemetry;

/// <summary>
/// The farm's own measurements: the <c>StyleFarm</c> meter and its instruments (src/Silo/Telemetry/README.md lists each
/// with its unit and tags). One per silo, from the silo's <see cref="IMeterFactory"/>, so an exporter can tell this
/// silo's meter from another's in the same process. Recording costs next to nothing while nobody listens, so the grains
/// and workers always record and only a configured silo exports. Tags are low-cardinality words (method, size, kind,
/// outcome, direction): never a job id, a path or a URL.
/// </summary>
public sealed class StyleFarmMetrics
{
    /// <summary>The meter's name, which an exporter subscribes to.</summary>
    public const string MeterName = "StyleFarm";

    private readonly Counter<long> _frames;
    private readonly Histogram<double> _frameSeconds;
    private readonly Histogram<double> _taskSeconds;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deaths;
    private readonly Counter<long> _artifactBytes;
    private readonly Histogram<double> _seamRatio;
    private readonly Sources<(int Waiting, int Running)> _queues = new();
    private readonly Sources<long> _caches = new();

    /// <summary>Creates the meter and its instruments through <paramref name="meters"/> (the silo's).</summary>
    public StyleFarmMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _frames = Meter.CreateCounter<long>("stylefarm.frames.stylized", "{frame}", "Frames stylized (computed, not resumed from stored results)");
        _frameSeconds = Meter.CreateHistogram("stylefarm.frame.duration", "s", "Wall time to stylize one frame", advice: Buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250));
        _taskSeconds = Meter.CreateHistogram("stylefarm.task.duration", "s", "Wall time of one task attempt on a worker, from grant to finish",
            advice: Buckets(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400));
        Meter.CreateObservableGauge("stylefarm.queue.depth", () => Observe(_queues, q => q.Waiting), "{task}", "Tasks ready and waiting in the dispatcher's queue");
        Meter.CreateObservableGauge("stylefarm.tasks.running", () => Observe(_queues, q => q.Running), "{task}", "Task attempts out on workers, as the dispatcher holds them");
        _retried = Meter.CreateCounter<long>("stylefarm.tasks.retried", "{task}", "Failed or abandoned attempts whose task is offered again");
        _deaths = Meter.CreateCounter<long>("stylefarm.silo.deaths.handled", "{silo}", "Silo deaths the dispatcher handled (their attempts taken back)");
        Meter.CreateObservableGauge("stylefarm.flow_cache.bytes", () => Observe(_caches, b => b), "By", "Bytes in this silo's flow caches");
        _artifactBytes = Meter.CreateCounter<long>("stylefarm.artifact.bytes", "By", "Bytes read from and written to the artifact store");
        _seamRatio = Meter.CreateHistogram("stylefarm.job.seam_ratio", "1", "Seam error ÷ inside error of a finished job's last pass, measured at encode",
            advice: Buckets(0.5, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25, 1.5, 2, 3, 5));
    }

    /// <summary>The meter (its scope is the factory that made it).</summary>
    public Meter Meter { get; }

    /// <summary>A frame was stylized in <paramref name="elapsed"/> by <paramref name="method"/> at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public void FrameStylized(StylizationMethod method, int width, int height, TimeSpan elapsed)
    {
        var tags = new TagList { { "method", Word(method) }, { "size", $"{width}x{height}" } };
        _frames.Add(1, tags);
        _frameSeconds.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>A task attempt of <paramref name="kind"/> ended with <paramref name="outcome"/> (committed, failed, lease_lost, stopped) after <paramref name="elapsed"/>.</summary>
    public void TaskEnded(TaskKind kind, string outcome, TimeSpan elapsed) =>
        _taskSeconds.Record(elapsed.TotalSeconds, new TagList { { "kind", Word(kind) }, { "outcome", outcome } });

    /// <summary>A task of <paramref name="kind"/> is offered again after an attempt that <paramref name="cause"/> ended (error, silo_dead).</summary>
    public void TaskRetried(TaskKind kind, string cause) => _retried.Add(1, new TagList { { "kind", Word(kind) }, { "cause", cause } });

    /// <summary>The dispatcher handled a silo's death.</summary>
    public void SiloDeathHandled() => _deaths.Add(1);

    /// <summary><paramref name="bytes"/> moved in <paramref name="direction"/> (read, write) between a silo and the artifact store.</summary>
    public void ArtifactBytes(string direction, long bytes)
    {
        if (bytes > 0) _artifactBytes.Add(bytes, new KeyValuePair<string, object?>("direction", direction));
    }

    /// <summary>A finished job of <paramref name="method"/> measured seam ratio <paramref name="ratio"/>.</summary>
    public void JobSeamRatio(StylizationMethod method, double ratio) => _seamRatio.Record(ratio, new KeyValuePair<string, object?>("method", Word(method)));

    /// <summary>Reports the queue's counts from <paramref name="counts"/> until disposed (the dispatcher while it is active here).</summary>
    public IDisposable ObserveQueue(Func<(int Waiting, int Running)> counts) => _queues.Add(counts);

    /// <summary>Reports a flow cache's size from <paramref name="bytes"/> until disposed (a worker while it runs).</summary>
    public IDisposable ObserveFlowCache(Func<long> bytes) => _caches.Add(bytes);

    /// <summary>An enum value as a lowercase tag value ("stylize", "network").</summary>
    public static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static InstrumentAdvice<double> Buckets(params double[] bounds) => new() { HistogramBucketBoundaries = bounds };

    // One summed measurement over the live sources, none when there are none (a silo without the dispatcher reports no queue).
    private static IEnumerable<Measurement<TOut>> Observe<TIn, TOut>(Sources<TIn> sources, Func<TIn, TOut> pick) where TOut : struct, System.Numerics.INumber<TOut>
    {
        var values = sources.Read();
        if (values.Count == 0) return [];
        var sum = TOut.Zero;
        foreach (var value in values) sum += pick(value);
        return [new Measurement<TOut>(sum)];
    }

    /// <summary>Callbacks registered until their handle is disposed; one that throws (a cache folder being deleted) is skipped.</summary>
    private sealed class Sources<T>
    {
        private readonly List<Func<T>> _sources = [];

        public IDisposable Add(Func<T> source)
        {
            lock (_sources) _sources.Add(source);
            return new Registration(() => { lock (_sources) _sources.Remove(source); });
        }

        public List<T> Read()
        {
            Func<T>[] sources;
            lock (_sources) sources = [.. _sources];
            var values = new List<T>(sources.Length);
            foreach (var source in sources)
            {
                try { values.Add(source()); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException) { }
            }
            return values;
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
