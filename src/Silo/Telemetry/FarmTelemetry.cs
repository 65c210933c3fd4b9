using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Silo.Telemetry;

/// <summary>
/// Registers a silo's exporters on its Orleans host, as <see cref="TelemetryOptions"/> says, and nothing when it says
/// nothing: metrics (this silo's <c>StyleFarm</c> meter and Orleans' <c>Microsoft.Orleans</c>) over OTLP and/or for the
/// Prometheus scrape; traces (<c>StyleFarm</c>, <c>Microsoft.Orleans.*</c>, <c>Azure.*</c>) over OTLP. The providers start
/// and stop with the host.
/// </summary>
public static class FarmTelemetry
{
    /// <summary>Orleans' meter.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The activity sources a tracing silo exports: ours, Orleans' grain calls, the blob SDK's requests.</summary>
    public static IReadOnlyList<string> TracedSources { get; } = [StyleFarmTracing.SourceName, "Microsoft.Orleans.*", "Azure.*"];

    /// <summary>Adds the exporters <paramref name="options"/> asks for, reporting as silo <paramref name="siloName"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IServiceCollection AddFarmTelemetry(this IServiceCollection services, TelemetryOptions options, string siloName)
    {
        options.Validate();
        if (!options.ExportsMetrics) return services;
        var otel = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: siloName));
        otel.WithMetrics(metrics =>
        {
            metrics.AddFarmMeters();
            if (options.OtlpEndpoint is { } endpoint)
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    Point(exporter, options.OtlpProtocol, endpoint, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.ExportInterval.TotalMilliseconds;
                });
            if (options.Prometheus) metrics.AddPrometheusExporter();
        });
        if (options.OtlpEndpoint is { } traces)
        {
            // The blob SDK emits through ActivitySource only with this switch on (otherwise through DiagnosticSource, which OpenTelemetry does not read).
            AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
            otel.WithTracing(tracing => tracing
                .AddSource([.. TracedSources])
                .AddOtlpExporter(exporter => Point(exporter, options.OtlpProtocol, traces, "v1/traces")));
        }
        return services;
    }

    /// <summary>
    /// Subscribes <paramref name="metrics"/> to Orleans' meter and to the <c>StyleFarm</c> meter of the services it is built
    /// on only: several silos in one process (tests, benches) each have their own, and each silo reports its own numbers.
    /// </summary>
    public static MeterProviderBuilder AddFarmMeters(this MeterProviderBuilder metrics)
    {
        metrics.AddMeter(StyleFarmMetrics.MeterName, OrleansMeter);
        // Orleans tags some instruments with a peer silo's address (Destination): keep only tags that name no silo, so a scrape stays aggregate.
        metrics.AddView(instrument => instrument.Meter.Name == OrleansMeter ? new MetricStreamConfiguration { TagKeys = OrleansTagKeys } : null);
        if (metrics is IDeferredMeterProviderBuilder deferred)
            deferred.Configure((services, builder) => builder.AddFarmMeterOf(services.GetRequiredService<StyleFarmMetrics>().Meter));
        return metrics;
    }

    /// <summary>The tags of Orleans' instruments that a farm's metrics keep (how, not who); any other tag is summed over.</summary>
    public static readonly string[] OrleansTagKeys = ["Direction", "ConnectionDirection", "MessageDirection", "Phase", "Status", "Reason", "Type"];

    /// <summary>Drops every <c>StyleFarm</c> instrument but those of <paramref name="own"/> (the meter of the silo being exported).</summary>
    public static MeterProviderBuilder AddFarmMeterOf(this MeterProviderBuilder metrics, Meter own) =>
        metrics.AddView(instrument => instrument.Meter.Name == StyleFarmMetrics.MeterName && instrument.Meter != own ? MetricStreamConfiguration.Drop : null);

    // Set in code, an HTTP endpoint is used as given: the signal's path is ours to append (gRPC has none).
    private static void Point(OtlpExporterOptions exporter, OtlpProtocol protocol, Uri endpoint, string signalPath)
    {
        exporter.Protocol = protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = protocol == OtlpProtocol.Grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
