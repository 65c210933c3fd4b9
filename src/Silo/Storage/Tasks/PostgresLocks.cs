namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The advisory locks the PostgreSQL store takes, as (namespace, id) pairs so they cannot collide with
/// another application's single-key locks. Advisory locks are per database.
/// </summary>
internal static class PostgresLocks
{
    /// <summary>"SFar" in ASCII: the namespace of StyleFarm's locks.</summary>
    public const int Namespace = 0x53466172;

    /// <summary>Held by the coordinator role for as long as it holds the role (session lock).</summary>
    public const int Coordinator = 1;

    /// <summary>Serialises schema migrations of silos starting together (transaction lock).</summary>
    public const int Migrations = 2;

    /// <summary>Serialises event appends, so event sequences become visible in order (transaction lock).</summary>
    public const int Events = 3;
}
