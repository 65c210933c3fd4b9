namespace StyleFarm.Silo.Api.Access;

/// <summary>The tokens a silo admits and the role each grants: the operator's always, the viewer's when given.</summary>
public sealed class AccessTokens(ApiToken operatorToken, ApiToken? viewerToken)
{
    /// <summary>The role <paramref name="offered"/> grants (<see cref="AccessRoles"/>), or null for no token of this farm.</summary>
    public string? RoleOf(string? offered)
    {
        // Both compared every time, each in constant time: the answer's timing says nothing about which one was close.
        var isOperator = operatorToken.Is(offered);
        var isViewer = viewerToken?.Is(offered) ?? false;
        return isOperator ? AccessRoles.Operator : isViewer ? AccessRoles.Viewer : null;
    }

    /// <summary>"(hidden)": the tokens are secrets.</summary>
    public override string ToString() => "(hidden)";
}
