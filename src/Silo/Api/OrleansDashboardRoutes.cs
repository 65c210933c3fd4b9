using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The Orleans Dashboard (<c>Microsoft.Orleans.Dashboard</c>) under <see cref="Prefix"/> on the API's port: its page, its
/// assets and its JSON routes, which read the dashboard's grains (their silo side: <c>Cluster/OrleansDashboardSilo</c>,
/// on every silo). It has no port of its own. Two of its routes answer 403 with one line: <c>/Trace</c>
/// (<see cref="TraceRefused"/>) and <c>/GrainState</c> (<see cref="GrainStateRefused"/>).
/// </summary>
public static class OrleansDashboardRoutes
{
    /// <summary>Where the dashboard lives on the API's port.</summary>
    public const string Prefix = "/orleans";

    /// <summary>The answer of <c>/orleans/Trace</c>: the process logs through its own logger factory, so the dashboard's stream would stay empty.</summary>
    public const string TraceRefused = "the Orleans Dashboard's log stream is off on this farm: a silo's logs are its process's output";

    /// <summary>The answer of <c>/orleans/GrainState</c>.</summary>
    public const string GrainStateRefused = "the Orleans Dashboard's grain state view is off on this farm: it activates any grain named in the " +
        "request and shows its stored state unredacted (input URLs with their signatures); use /api/jobs";

    /// <summary>Registers in the API's services what the dashboard's routes resolve: its client over the silo's grains, its options.</summary>
    /// <param name="services">The API's services.</param>
    /// <param name="configuration">The API's configuration (the package's client builder carries one; the dashboard reads none).</param>
    /// <param name="grains">The grain factory of the silo serving the API.</param>
    public static void AddServices(IServiceCollection services, IConfiguration configuration, IGrainFactory grains)
    {
        // The API's host is not the silo's: its routes reach the dashboard's grains through the silo's grain factory, forwarded here.
        services.AddSingleton(grains);
        new ApiClientBuilder(services, configuration).AddDashboard(o => o.HideTrace = true);
    }

    /// <summary>Maps the dashboard under <see cref="Prefix"/>; returns its route group, for an authorization requirement.</summary>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapOrleansDashboard(Prefix);
        group.AddEndpointFilter(async (context, next) => Refusal(context.HttpContext) is { } refusal
            ? ApiResults.Error(StatusCodes.Status403Forbidden, refusal)
            : await next(context));
        return group;
    }

    // By the matched route, not the path: routing ignores case and a trailing slash.
    private static string? Refusal(HttpContext context) => context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
        ? route.TrimEnd('/') switch
        {
            Prefix + "/Trace" => TraceRefused,
            Prefix + "/GrainState" => GrainStateRefused,
            _ => null,
        }
        : null;

    // The package's registration for a process that serves the dashboard without hosting a silo, over the API's own services.
    private sealed class ApiClientBuilder(IServiceCollection services, IConfiguration configuration) : IClientBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}
