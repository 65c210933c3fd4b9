using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// The authorization policies of the API and the dashboard. Require one on a route or a group with
/// <c>group.RequireAuthorization(AccessPolicies.Viewer)</c>, or an operator's action with
/// <see cref="AccessEndpoints.RequireOperator{TBuilder}"/>, which also names the action in the 403's reason.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Signed in with either token (bearer header or session cookie): may read everything.</summary>
    public const string Viewer = "viewer";

    /// <summary>Signed in with the operator token: may also submit, cancel, resume and retry jobs.</summary>
    public const string Operator = "operator";

    /// <summary>Whether the request's user holds the operator token (a page shows its Cancel/Resume/Retry buttons only then).</summary>
    public static bool IsOperator(HttpContext context) => context.User.IsInRole(AccessRoles.Operator);

    /// <summary>The role the request's user holds (<see cref="AccessRoles"/>), or null when not signed in.</summary>
    public static string? RoleOf(HttpContext context) =>
        IsOperator(context) ? AccessRoles.Operator : context.User.IsInRole(AccessRoles.Viewer) ? AccessRoles.Viewer : null;

    /// <summary>Adds both policies to <paramref name="options"/>.</summary>
    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(AccessRoles.Viewer, AccessRoles.Operator));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(AccessRoles.Operator));
    }
}
