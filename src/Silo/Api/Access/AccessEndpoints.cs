using Microsoft.AspNetCore.Builder;

namespace StyleFarm.Silo.Api.Access;

/// <summary>Requiring a role on a route or a group.</summary>
public static class AccessEndpoints
{
    /// <summary>Needs the viewer or the operator token (<see cref="AccessPolicies.Viewer"/>).</summary>
    public static TBuilder RequireViewer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AccessPolicies.Viewer);

    /// <summary>Needs the operator token (<see cref="AccessPolicies.Operator"/>); a viewer gets 403 saying "<paramref name="action"/> needs the operator token".</summary>
    /// <param name="builder">The route or group.</param>
    /// <param name="action">What the route does, as a gerund phrase: "cancelling jobs".</param>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AccessPolicies.Operator).WithMetadata(new OperatorAction(action));
}
