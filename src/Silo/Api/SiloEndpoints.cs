using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StyleFarm.Silo.Api;

/// <summary>
/// <c>GET /api/silos</c>: the silos of the cluster, from Orleans' membership table (one entry per silo name: its latest
/// run), with whether membership counts each active.
/// </summary>
public sealed class SiloEndpoints(ApiServices services, ApiOptions options)
{
    /// <summary>Adds the route to <paramref name="api"/> (the authenticated <c>/api</c> group).</summary>
    public void Map(RouteGroupBuilder api) => api.MapGet("/silos", ListAsync);

    private readonly GrainCall _call = new(options.GrainCallTimeout, services.Time);

    private async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        TypedResults.Json(await SiloList.ReadAsync(services, _call, cancellationToken), ApiJsonContext.Default.IReadOnlyListSiloView);
}
