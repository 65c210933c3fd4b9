namespace StyleFarm.Silo.Telemetry;

/// <summary>How the OTLP exporter talks to the collector.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (a collector's port 4317).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (a collector's port 4318; the exporter appends /v1/metrics and /v1/traces).</summary>
    HttpProtobuf,
}

/// <summary>
/// What a silo exports of its metrics and traces (`stylefarm silo --otlp-endpoint URL --prometheus`). Default: nothing;
/// no exporter is registered and no listener subscribes, so the farm's instruments and spans cost next to nothing.
/// </summary>
public sealed record TelemetryOptions
{
    /// <summary>
    /// The collector that receives this silo's metrics and traces over OTLP (`--otlp-endpoint`), e.g. http://otel-collector:4317.
    /// Default null: nothing is sent. Headers a collector needs (an API key) go in <c>OTEL_EXPORTER_OTLP_HEADERS</c>, never here.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How the exporter talks to <see cref="OtlpEndpoint"/> (`--otlp-protocol grpc|http`). Default <see cref="OtlpProtocol.Grpc"/>, the collector's default receiver.</summary>
    public OtlpProtocol OtlpProtocol { get; init; } = OtlpProtocol.Grpc;

    /// <summary>
    /// How often metrics are pushed to <see cref="OtlpEndpoint"/>. Default 60 s, the SDK's: a farm's figures move over minutes,
    /// and every silo pushes its own.
    /// </summary>
    public TimeSpan ExportInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the API role serves the scrape: Prometheus' default path.</summary>
    public const string PrometheusPath = "/metrics";

    /// <summary>
    /// Serve <c>GET /metrics</c> (<see cref="PrometheusPath"/>) in Prometheus' text format on the API role's port (`--prometheus`; api silos only). Default
    /// false. The endpoint needs no token (scrapers seldom send one) and shows aggregate numbers only (SECURITY.md).
    /// </summary>
    public bool Prometheus { get; init; }

    /// <summary>The <c>service.name</c> every silo reports under. Default "stylefarm"; each silo's name is its <c>service.instance.id</c>.</summary>
    public string ServiceName { get; init; } = "stylefarm";

    /// <summary>Whether anything is exported (metrics over OTLP or Prometheus).</summary>
    public bool ExportsMetrics => OtlpEndpoint is not null || Prometheus;

    /// <summary>Whether traces are exported (only over OTLP: Prometheus has none).</summary>
    public bool ExportsTraces => OtlpEndpoint is not null;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is wrong and what to give instead.</exception>
    public void Validate()
    {
        if (OtlpEndpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException("--otlp-endpoint must be an http:// or https:// URL, e.g. http://otel-collector:4317");
            // A password in the URL would show in `ps` and in logs: headers belong in OTEL_EXPORTER_OTLP_HEADERS.
            if (endpoint.UserInfo.Length > 0)
                throw new ArgumentException("--otlp-endpoint carries credentials: remove them from the URL and set OTEL_EXPORTER_OTLP_HEADERS instead");
        }
        if (ExportInterval < TimeSpan.FromSeconds(1))
            throw new ArgumentException($"the metrics export interval {ExportInterval} is under a second: give 1 s or more");
        if (string.IsNullOrWhiteSpace(ServiceName))
            throw new ArgumentException("the telemetry service name is empty: give one or keep the default");
    }

    /// <summary>The endpoint as logs may show it: scheme, host and port, no path or query.</summary>
    public string? EndpointForLogs => OtlpEndpoint is { } e ? $"{e.Scheme}://{e.Host}:{e.Port}" : null;
}
