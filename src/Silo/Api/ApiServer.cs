using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StyleFarm.Silo.Api.Access;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The JSON HTTP API on Kestrel (minimal APIs). <c>GET /healthz</c> and the sign-in form are open; every route under
/// <c>/api</c> needs the viewer's or the operator's token, its POST routes the operator's (<see cref="AccessPolicies"/>;
/// a bearer header, or the session cookie of a browser that signed in, see <c>Access/README.md</c>). JSON goes through
/// <see cref="ApiJsonContext"/> (source-generated). The Orleans Dashboard is under <c>/orleans</c>,
/// behind the same sign-in (<see cref="OrleansDashboardRoutes"/>).
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ApiOptions _options;

    private ApiServer(WebApplication app, ApiOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The addresses Kestrel listens on (a requested port 0 shows the port it got); empty before <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>Builds the server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Where to listen and the tokens.</param>
    /// <param name="services">What the routes work with.</param>
    /// <param name="logs">Where the server logs (ASP.NET's own messages included); never the token.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ApiServer Create(ApiOptions options, ApiServices services, ILoggerFactory logs)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(logs);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        // Only the generated contract: a type outside it fails loudly instead of falling back to reflection.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Clear();
            json.SerializerOptions.TypeInfoResolverChain.Add(ApiJsonContext.Default);
        });
        builder.Services.AddAccess(options, services.Time);
        OrleansDashboardRoutes.AddServices(builder.Services, builder.Configuration, services.Grains);
        var app = builder.Build();
        var log = logs.CreateLogger("StyleFarm.Silo.Api");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (FarmUnavailableException e) when (!context.Response.HasStarted)
            {
                // A grain call that timed out or could not be delivered: the client may try again.
                log.LogWarning("api: {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, e.Message);
                await ApiResults.Error(FarmUnavailableException.Status, e.Message).ExecuteAsync(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                // A store that failed mid-request: say so in the API's error shape rather than an empty 500.
                log.LogError(e, "api: {Method} {Path} failed", context.Request.Method, context.Request.Path);
                await ApiResults.Error(StatusCodes.Status500InternalServerError, $"the silo could not answer: {e.Message}").ExecuteAsync(context);
            }
        });

        // After the error handler, so a store failure inside a route still answers in the API's shape; before the
        // routes run, so every one of them sees who is asking.
        app.UseAccess();

        app.MapGet("/healthz", () => TypedResults.Json(new HealthView("ok", services.SiloName), ApiJsonContext.Default.HealthView));
        // Prometheus scrapes without a token: aggregate numbers only, no ids, paths or URLs (SECURITY.md, Silo/Telemetry).
        if (services.Prometheus is { } meters) app.MapPrometheusScrapingEndpoint(Telemetry.TelemetryOptions.PrometheusPath, meters, null, null).AllowAnonymous();
        new SignInEndpoints(app.Services.GetRequiredService<AccessTokens>(), app.Services.GetRequiredService<SignInThrottle>(),
            app.Services.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>(), log).Map(app);
        // Every /api route reads (viewer or operator); the routes that change a job add RequireOperator.
        var api = app.MapGroup("/api").RequireViewer();
        new JobEndpoints(services, options, app.Lifetime.ApplicationStopping, log).Map(api);
        new SiloEndpoints(services, options).Map(api);
        // The dashboard's pages, data and live streams: behind the same sign-in (a browser without one is sent to /signin).
        new Dashboard.DashboardEndpoints(services, services.Artifacts, options.Dashboard, new GrainCall(options.GrainCallTimeout, services.Time),
            context => new Dashboard.PageAccess(CsrfToken.For(context), AccessPolicies.IsOperator(context)), app.Lifetime.ApplicationStopping, log)
            .Map(app.MapGroup("").RequireViewer());
        OrleansDashboardRoutes.Map(app).RequireViewer();
        return new ApiServer(app, options);
    }

    /// <summary>Starts listening; returns the addresses it listens on.</summary>
    /// <exception cref="IOException">An address is taken or cannot be bound; the message names it.</exception>
    public async Task<IReadOnlyList<Uri>> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new IOException($"the API cannot listen on {_options.Urls}: {e.Message}. Choose another --urls port or stop what holds it", e);
        }
        var feature = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        Addresses = (feature?.Addresses ?? []).Select(a => new Uri(a)).ToList();
        return Addresses;
    }

    /// <summary>Stops listening: requests in flight get <see cref="ApiOptions.ShutdownTimeout"/> to finish, long polls answer at once.</summary>
    public Task StopAsync() => _app.StopAsync(CancellationToken.None);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
