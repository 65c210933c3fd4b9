namespace StyleFarm.Silo.Api.Access;

/// <summary>The values of the role claim a credential carries: which token it was.</summary>
public static class AccessRoles
{
    /// <summary>Reads everything, changes nothing.</summary>
    public const string Viewer = "viewer";

    /// <summary>Reads everything and also submits, cancels, resumes and retries jobs.</summary>
    public const string Operator = "operator";
}
