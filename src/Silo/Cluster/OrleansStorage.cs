using System.Data.Common;
using Npgsql;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// The names under which the farm's Orleans providers are registered, and the ADO.NET invariant they use.
/// </summary>
public static class OrleansStorage
{
    /// <summary>The grain storage of jobs, shots and the dispatcher.</summary>
    public const string GrainState = StyleFarm.Grains.Cluster.GrainServices.Storage;

    /// <summary>The ADO.NET invariant name of PostgreSQL (Npgsql), as Orleans' providers know it.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Registers Npgsql with <see cref="DbProviderFactories"/>, where Orleans' ADO.NET providers look it up. Idempotent.</summary>
    public static void RegisterNpgsql()
    {
        if (!DbProviderFactories.TryGetFactory(PostgresInvariant, out _))
            DbProviderFactories.RegisterFactory(PostgresInvariant, NpgsqlFactory.Instance);
    }
}
