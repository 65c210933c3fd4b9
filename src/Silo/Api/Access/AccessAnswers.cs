using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Api.Access;

/// <summary>The 401 and 403 answers of the API, in its error shape <c>{"error": ...}</c>; none echoes a token.</summary>
public static class AccessAnswers
{
    /// <summary>What a request without any credential is told.</summary>
    public const string NoCredential =
        "this route needs the farm's API token: send Authorization: Bearer TOKEN (stylefarm: --token or STYLEFARM_TOKEN), or sign in at /signin";

    /// <summary>What a request with a bearer token of another farm (or none at all after "Bearer") is told.</summary>
    public const string WrongToken =
        "the API token is not this farm's: send the operator or viewer token the silo was started with (stylefarm cluster up says where they are)";

    /// <summary>Whether <paramref name="request"/> is for the API (JSON answers) rather than a page (redirects to the sign-in form).</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c> and <paramref name="message"/>.</summary>
    public static Task UnauthorizedAsync(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiResults.Error(StatusCodes.Status401Unauthorized, message).ExecuteAsync(context);
    }

    /// <summary>403 saying which token the user holds and which one <paramref name="context"/>'s route needs.</summary>
    public static Task ForbiddenAsync(HttpContext context)
    {
        var action = context.GetEndpoint()?.Metadata.GetMetadata<OperatorAction>()?.Description ?? "this route";
        var holder = AccessSchemes.ByCookie(context)
            ? $"you signed in with the {AccessPolicies.RoleOf(context) ?? "unknown"} token"
            : $"this token is a{(AccessPolicies.RoleOf(context) is AccessRoles.Operator ? "n operator" : " viewer")}'s";
        var hint = AccessSchemes.ByCookie(context) ? " (sign out and sign in with it)" : "";
        return ApiResults.Error(StatusCodes.Status403Forbidden, $"{holder}: {action} needs the operator token{hint}").ExecuteAsync(context);
    }
}
