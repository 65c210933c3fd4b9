namespace StyleFarm.Silo.Hosting;

/// <summary>The names of <see cref="SiloRoles"/> as the command line writes them: "worker,coordinator,api".</summary>
public static class SiloRoleNames
{
    private static readonly (string Name, SiloRoles Role)[] Names =
    [
        ("worker", SiloRoles.Worker),
        ("coordinator", SiloRoles.Coordinator),
        ("api", SiloRoles.Api),
    ];

    /// <summary>Parses a comma-separated list of role names (case-insensitive, repeats allowed).</summary>
    /// <exception cref="ArgumentException">The list is empty or names an unknown role.</exception>
    public static SiloRoles Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var roles = SiloRoles.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Names.Where(n => string.Equals(n.Name, part, StringComparison.OrdinalIgnoreCase)).Select(n => n.Role).FirstOrDefault();
            if (match == SiloRoles.None)
                throw new ArgumentException($"role '{part}' is unknown: use any of {string.Join(", ", Names.Select(n => n.Name))}, comma-separated");
            roles |= match;
        }
        if (roles == SiloRoles.None)
            throw new ArgumentException($"role list '{text}' is empty: name at least one of {string.Join(", ", Names.Select(n => n.Name))}");
        return roles;
    }

    /// <summary>"worker,coordinator,api" order, the roles that are set.</summary>
    public static string Format(SiloRoles roles) =>
        string.Join(",", Names.Where(n => roles.HasFlag(n.Role)).Select(n => n.Name));
}
