using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using StyleFarm.Client.Cli;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Telemetry;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm silo --role worker,coordinator,api --store … --artifacts …`: runs a farm node (an Orleans silo) until
/// SIGTERM or Ctrl-C, then stops its roles cleanly and leaves the cluster (declared dead at once, so its task is offered again).
/// </summary>
public static class SiloCommand
{
    public static Command Create()
    {
        var roles = new Option<string>("--role") { Description = "roles, comma-separated: worker (runs tasks), coordinator (hosts the job, shot and dispatcher grains), api", Required = true };
        var store = new Option<string?>("--store")
        {
            Description = $"the cluster's state: postgres:CONNSTRING (a farm) or folder:PATH (one silo on this machine); default ${GrainStoreLocation.Variable}, which keeps a password out of the process list",
        };
        var artifacts = new Option<string?>("--artifacts")
        {
            Description = $"the artifact store: folder:PATH or azure:CONNSTRING[;container=NAME]; default ${ArtifactStoreLocation.Variable}, which keeps a key out of the process list",
        };
        var urls = new Option<string>("--urls") { Description = $"where the api role listens (default {ApiOptions.DefaultUrls})", DefaultValueFactory = _ => ApiOptions.DefaultUrls };
        var token = new Option<string?>("--token") { Description = $"the api role's operator token (default: ${ServerOptions.TokenVariable}); prefer --token-file, which stays out of the process list" };
        var tokenFile = new Option<string?>("--token-file") { Description = "a file whose first line is the api role's operator token (may read, submit, cancel, resume, retry)" };
        var viewerTokenFile = new Option<string?>("--viewer-token-file")
        {
            Description = $"a file whose first line is the api role's viewer token (may only read; default: ${ServerOptions.ViewerTokenVariable}, else no viewer token)",
        };
        var name = new Option<string?>("--name") { Description = "the silo's name (default: host name and process id)" };
        var cache = new Option<string?>("--cache") { Description = "the worker's flow cache folder (default: $STYLEFARM_HOME/cache/flow or ~/.cache/stylefarm/flow)" };
        var cacheSize = new Option<string?>("--cache-size") { Description = "the most the flow cache keeps between tasks, e.g. 500M, 32G (default 32G)" };
        var device = new Option<string>("--device") { Description = "the worker's device: cpu or cuda:N", DefaultValueFactory = _ => "cpu" };
        var gpuMemory = new Option<string?>("--gpu-memory") { Description = "memory of the worker's GPU, e.g. 80G (default: as nvidia-smi reports it); the farm sends a GPU job only where it fits" };
        var models = new Option<string?>("--models") { Description = "the worker's model folder (default: $STYLEFARM_HOME/models)" };
        var siloPort = new Option<int>("--silo-port") { Description = "the Orleans port other silos reach this one on (default 11111)", DefaultValueFactory = _ => new FarmClusterOptions().SiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "the Orleans gateway port (default 30000)", DefaultValueFactory = _ => new FarmClusterOptions().GatewayPort };
        var advertise = new Option<string>("--advertise") { Description = "the address this silo gives the others (default 127.0.0.1)", DefaultValueFactory = _ => "127.0.0.1" };
        var clusterId = new Option<string>("--cluster-id") { Description = $"the Orleans cluster id: silos with the same id on the same database form one cluster (default {FarmClusterOptions.DefaultClusterId})", DefaultValueFactory = _ => new FarmClusterOptions().ClusterId };
        var serviceId = new Option<string>("--service-id") { Description = $"the Orleans service id, which keys grain state and reminders; keep it across redeployments (default {FarmClusterOptions.DefaultClusterId})", DefaultValueFactory = _ => new FarmClusterOptions().ServiceId };
        var membership = new Option<string>("--membership") { Description = "how fast dead silos are declared: production (Orleans' defaults) or tightened (one machine)", DefaultValueFactory = _ => "production" };
        var inputRoots = new Option<string[]>("--input-root") { Description = "a folder jobs may read local inputs and style images from (repeatable; default none: only http(s) URLs)" };
        var outputRoots = new Option<string[]>("--output-root") { Description = "a folder jobs may write local outputs under (repeatable; default none: only blob URLs)" };
        var otlp = new Option<string?>("--otlp-endpoint") { Description = "send metrics and traces over OTLP to this collector, e.g. http://otel-collector:4317 (default: none; headers in $OTEL_EXPORTER_OTLP_HEADERS)" };
        var otlpProtocol = new Option<string>("--otlp-protocol") { Description = "grpc (a collector's port 4317) or http (port 4318)", DefaultValueFactory = _ => "grpc" };
        var prometheus = new Option<bool>("--prometheus") { Description = "serve GET /metrics for Prometheus on the api role's port, without a token (default: off)" };
        var command = new Command("silo", "Run a farm node (worker, coordinator and/or API) until stopped")
        {
            roles, store, artifacts, urls, token, tokenFile, viewerTokenFile, name, cache, cacheSize, device, gpuMemory, models, siloPort, gatewayPort, advertise, clusterId, serviceId, membership, inputRoots, outputRoots,
            otlp, otlpProtocol, prometheus,
        };
        // Synchronous on purpose: the silo handles SIGTERM/Ctrl-C itself and takes the time a clean stop needs.
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var chosen = SiloRoleNames.Parse(parse.GetValue(roles)!);
            var options = new SiloOptions
            {
                Roles = chosen,
                Store = GrainStoreLocation.Parse(Given(parse.GetValue(store), "--store", GrainStoreLocation.Variable, "postgres:CONNSTRING or folder:PATH")),
                Artifacts = ArtifactStoreLocation.Parse(Given(parse.GetValue(artifacts), "--artifacts", ArtifactStoreLocation.Variable, "folder:PATH or azure:CONNSTRING")),
                Api = chosen.HasFlag(SiloRoles.Api)
                    ? new ApiOptions
                    {
                        Urls = parse.GetValue(urls)!,
                        OperatorToken = Token(parse.GetValue(token), parse.GetValue(tokenFile)),
                        ViewerToken = ViewerToken(parse.GetValue(viewerTokenFile)),
                    }
                    : null,
                CacheFolder = parse.GetValue(cache),
                FlowCacheBytes = parse.GetValue(cacheSize) is { } size ? ByteSize.Parse(size, "--cache-size") : WorkerOptions.DefaultFlowCacheBytes,
                Device = parse.GetValue(device)!,
                Capabilities = DeviceCapabilities.For(parse.GetValue(device)!, parse.GetValue(gpuMemory) is { } gpu ? ByteSize.Parse(gpu, "--gpu-memory") : null,
                    GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, DeviceCapabilities.NvidiaSmi),
                ModelsFolder = parse.GetValue(models),
                Paths = new PathRoots { Input = Full(parse.GetValue(inputRoots)), Output = Full(parse.GetValue(outputRoots)) },
                Telemetry = new TelemetryOptions
                {
                    OtlpEndpoint = parse.GetValue(otlp) is { } endpoint
                        ? Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--otlp-endpoint {endpoint}: give a URL, e.g. http://otel-collector:4317")
                        : null,
                    OtlpProtocol = parse.GetValue(otlpProtocol) switch
                    {
                        "grpc" => OtlpProtocol.Grpc,
                        "http" => OtlpProtocol.HttpProtobuf,
                        var other => throw new ArgumentException($"--otlp-protocol {other}: give grpc or http"),
                    },
                    Prometheus = parse.GetValue(prometheus),
                },
                Cluster = new FarmClusterOptions
                {
                    ClusterId = parse.GetValue(clusterId)!,
                    ServiceId = parse.GetValue(serviceId)!,
                    SiloPort = parse.GetValue(siloPort),
                    GatewayPort = parse.GetValue(gatewayPort),
                    AdvertisedAddress = IPAddress.TryParse(parse.GetValue(advertise), out var address)
                        ? address
                        : throw new ArgumentException($"--advertise {parse.GetValue(advertise)}: give an IP address, e.g. 10.0.0.5"),
                    Membership = parse.GetValue(membership) switch
                    {
                        "production" => new MembershipTimings(),
                        "tightened" => MembershipTimings.Tightened,
                        var other => throw new ArgumentException($"--membership {other}: give production or tightened"),
                    },
                },
            };
            if (parse.GetValue(name) is { } given) options = options with { Name = given };
            return RunAsync(options).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> RunAsync(SiloOptions options)
    {
        using var signal = new ShutdownSignal();
        using var logs = LoggerFactory.Create(b => b
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                // UTC to the millisecond: silos' logs line up with each other and with a bench's clock.
                console.TimestampFormat = "HH:mm:ss.fff ";
                console.UseUtcTimestamp = true;
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Orleans", LogLevel.Warning));
        await using var host = await SiloHost.StartAsync(options, FarmPlugins.Create(), logs, TimeProvider.System, signal.Token);
        await host.WaitAsync(signal.Token);
        return 0;
    }

    // The option, else the environment variable, which is then removed: the silo's children (ffmpeg) need no credentials.
    private static string Given(string? option, string name, string variable, string form)
    {
        var value = option ?? Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, null);
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"the silo needs {name} {form}, or ${variable} set to it (which keeps credentials out of the process list)");
        return value;
    }

    private static string[] Full(string[]? folders) => (folders ?? []).Select(Path.GetFullPath).ToArray();

    private static ApiToken Token(string? token, string? file)
    {
        if (token is not null && file is not null)
            throw new ArgumentException("give the API token once: --token or --token-file, not both");
        if (file is not null) return ApiToken.FromFile(file);
        token ??= Environment.GetEnvironmentVariable(ServerOptions.TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
            throw new ArgumentException($"the api role needs a token: give --token-file FILE, --token TOKEN or set {ServerOptions.TokenVariable}");
        return new ApiToken(token.Trim());
    }

    // The file, else the environment variable (removed, as the others are), else none: the silo admits only the operator.
    private static ApiToken? ViewerToken(string? file)
    {
        var token = Environment.GetEnvironmentVariable(ServerOptions.ViewerTokenVariable);
        Environment.SetEnvironmentVariable(ServerOptions.ViewerTokenVariable, null);
        if (file is not null) return ApiToken.FromFile(file);
        return string.IsNullOrWhiteSpace(token) ? null : new ApiToken(token.Trim());
    }
}
