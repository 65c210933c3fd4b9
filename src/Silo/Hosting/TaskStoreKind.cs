namespace StyleFarm.Silo.Hosting;

/// <summary>Which task store back end a silo uses.</summary>
public enum TaskStoreKind
{
    /// <summary>One SQLite file: the embedded farm on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: a farm of many silos.</summary>
    Postgres,
}
