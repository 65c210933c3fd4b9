using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c>: the operator token grants the role operator, the viewer token viewer
/// (<see cref="AccessTokens"/>, constant-time). Another scheme is no credential; another token fails. A challenge
/// answers 401 in the API's error shape; the offered token is never echoed or logged.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (tokens.RoleOf(value[Prefix.Length..].Trim()) is not { } role)
            return Task.FromResult(AuthenticateResult.Fail("the bearer token is not this farm's"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await AccessAnswers.UnauthorizedAsync(Context, result.Failure is null ? AccessAnswers.NoCredential : AccessAnswers.WrongToken);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AccessAnswers.ForbiddenAsync(Context);
}
