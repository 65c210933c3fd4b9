using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Api;

/// <summary>
/// Guards the <c>/api</c> routes: a request without <c>Authorization: Bearer TOKEN</c>, or with another
/// token, gets 401 with <c>WWW-Authenticate: Bearer</c> and a message saying what to send. The offered
/// token is never echoed or logged.
/// </summary>
public sealed class BearerTokenFilter(ApiToken token) : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization;
        if (header.Count == 1 && token.Matches(header[0])) return next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        var message = header.Count == 0
            ? "this route needs the farm's API token: send Authorization: Bearer TOKEN (stylefarm: --token or STYLEFARM_TOKEN)"
            : "the API token is not this farm's: send the token the silo was started with (stylefarm cluster up prints it)";
        return ValueTask.FromResult<object?>(ApiResults.Error(StatusCodes.Status401Unauthorized, message));
    }
}
