namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>The SQL dialects the task store is written in; each has its own migrations folder.</summary>
public enum SqlDialect
{
    /// <summary>SQLite 3 (embedded farm).</summary>
    Sqlite,

    /// <summary>PostgreSQL 15 or later (farm).</summary>
    Postgres,
}
