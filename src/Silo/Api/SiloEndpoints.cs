using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StyleFarm.Silo.Api;

/// <summary><c>GET /api/silos</c>: every registered silo, with whether it is alive.</summary>
public sealed class SiloEndpoints(ApiServices services)
{
    /// <summary>Adds the route to <paramref name="api"/> (the authenticated <c>/api</c> group).</summary>
    public void Map(RouteGroupBuilder api) => api.MapGet("/silos", ListAsync);

    private async Task<IResult> ListAsync(CancellationToken cancellationToken)
    {
        var silos = await services.Store.ListSilosAsync(cancellationToken);
        var now = services.Time.GetUtcNow();
        IReadOnlyList<SiloView> views = silos.Select(s => SiloView.Of(s, services.Health, now)).ToList();
        return TypedResults.Json(views, ApiJsonContext.Default.IReadOnlyListSiloView);
    }
}
