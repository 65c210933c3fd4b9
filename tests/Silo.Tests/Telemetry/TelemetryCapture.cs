using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Silo.Telemetry;

namespace StyleFarm.Silo.Tests.Telemetry;

/// <summary>
/// What one silo's <c>StyleFarm</c> meter records and what the <c>StyleFarm</c> activity source emits, through the
/// SDK's in-memory exporter: the meter of <paramref name="own"/> only (other tests' farms record in this process too).
/// </summary>
public sealed class TelemetryCapture(Meter own) : IDisposable
{
    private readonly List<MetricSnapshot> _snapshots = [];
    private readonly List<Activity> _spans = [];
    private MeterProvider? _meters;
    private TracerProvider? _tracer;

    /// <summary>Starts listening to spans (before the job is submitted, so its span is recorded).</summary>
    public static TracerProvider Spans(List<Activity> into) =>
        Sdk.CreateTracerProviderBuilder().AddSource(StyleFarmTracing.SourceName).AddInMemoryExporter(into).Build();

    /// <summary>Starts both.</summary>
    public TelemetryCapture Start()
    {
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(StyleFarmMetrics.MeterName).AddFarmMeterOf(own).AddInMemoryExporter(_snapshots).Build();
        _tracer = Spans(_spans);
        return this;
    }

    /// <summary>The spans ended so far.</summary>
    public IReadOnlyList<Activity> SpansEnded
    {
        get { lock (_spans) return [.. _spans]; }
    }

    /// <summary>Collects now; every metric's points (cumulative) with their tags.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Point>> Collect()
    {
        _snapshots.Clear();
        _meters!.ForceFlush();
        var byName = new Dictionary<string, IReadOnlyList<Point>>();
        foreach (var metric in _snapshots)
            byName[metric.Name] = metric.MetricPoints.Select(p => Point.Of(metric.MetricType, p)).ToList();
        return byName;
    }

    public void Dispose()
    {
        _meters?.Dispose();
        _tracer?.Dispose();
    }

    /// <summary>One metric point: its tags, and its value (a sum or gauge) or its histogram's count and sum.</summary>
    public sealed record Point(IReadOnlyDictionary<string, string> Tags, double Value, long Count)
    {
        public static Point Of(MetricType type, MetricPoint point)
        {
            var tags = new Dictionary<string, string>();
            foreach (var tag in point.Tags) tags[tag.Key] = tag.Value?.ToString() ?? "";
            return type switch
            {
                MetricType.LongSum => new(tags, point.GetSumLong(), 0),
                MetricType.DoubleSum => new(tags, point.GetSumDouble(), 0),
                MetricType.LongGauge => new(tags, point.GetGaugeLastValueLong(), 0),
                MetricType.DoubleGauge => new(tags, point.GetGaugeLastValueDouble(), 0),
                MetricType.Histogram => new(tags, point.GetHistogramSum(), point.GetHistogramCount()),
                _ => throw new NotSupportedException($"metric type {type}"),
            };
        }
    }
}
