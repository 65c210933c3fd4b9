namespace StyleFarm.Client.Cluster;

/// <summary>What `stylefarm cluster ps` reports: each process of the farm and whether it runs.</summary>
/// <param name="Api">The API's address.</param>
/// <param name="Postgres">The PostgreSQL server.</param>
/// <param name="Azurite">Azurite's blob service.</param>
/// <param name="Silos">The silos, silo 0 first.</param>
public sealed record ClusterStatus(string Api, ServiceStatus Postgres, ServiceStatus Azurite, IReadOnlyList<SiloStatus> Silos);

/// <summary>A server process and whether it runs.</summary>
public sealed record ServiceStatus(int Pid, int Port, bool Alive);

/// <summary>A silo process and whether it runs.</summary>
public sealed record SiloStatus(string Name, string Roles, int Pid, bool Alive);
