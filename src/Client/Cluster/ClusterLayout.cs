namespace StyleFarm.Client.Cluster;

/// <summary>Where a local farm keeps its files under its data folder, and which roles each silo runs.</summary>
/// <param name="Root">The data folder (`--data`).</param>
public sealed record ClusterLayout(string Root)
{
    /// <summary>The PostgreSQL database the silos use.</summary>
    public const string Database = "stylefarm";

    /// <summary>
    /// The default data folder: $STYLEFARM_HOME/cluster, else $XDG_DATA_HOME/stylefarm/cluster, else
    /// ~/.local/share/stylefarm/cluster (data, not cache: the farm's jobs and artifacts live there).
    /// </summary>
    public static string DefaultRoot(Func<string, string?> environment)
    {
        var home = environment("STYLEFARM_HOME");
        if (!string.IsNullOrEmpty(home)) return Path.Combine(home, "cluster");
        var data = environment("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data))
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "stylefarm", "cluster");
    }

    /// <summary>The record of the running farm.</summary>
    public string StateFile => Path.Combine(Root, "cluster.json");

    /// <summary>The API token, kept across restarts so clients keep working.</summary>
    public string TokenFile => Path.Combine(Root, "token");

    /// <summary>Held while `up` or `down` runs, so two never interleave.</summary>
    public string LockFile => Path.Combine(Root, ".cluster.lock");

    /// <summary>PostgreSQL's folder (owned by the server's user).</summary>
    public string PostgresFolder => Path.Combine(Root, "postgres");

    /// <summary>PostgreSQL's data folder.</summary>
    public string PostgresData => Path.Combine(PostgresFolder, "data");

    /// <summary>PostgreSQL's socket folder.</summary>
    public string PostgresSockets => Path.Combine(PostgresFolder, "run");

    /// <summary>PostgreSQL's log.</summary>
    public string PostgresLog => Path.Combine(PostgresFolder, "server.log");

    /// <summary>Azurite's blob data.</summary>
    public string AzuriteData => Path.Combine(Root, "azurite", "data");

    /// <summary>Azurite's log.</summary>
    public string AzuriteLog => Path.Combine(Root, "azurite", "azurite.log");

    /// <summary>Where Azurite is installed when this program does not run from a checkout.</summary>
    public string AzuriteInstall => Path.Combine(Root, "azurite", "npm");

    /// <summary>The name of silo <paramref name="index"/>.</summary>
    public static string SiloName(int index) => $"silo-{index}";

    /// <summary>The log of silo <paramref name="index"/>.</summary>
    public string SiloLog(int index) => Path.Combine(Root, "silos", $"{SiloName(index)}.log");

    /// <summary>The flow cache of silo <paramref name="index"/>.</summary>
    public string SiloCache(int index) => Path.Combine(Root, "silos", SiloName(index), "cache");

    /// <summary>
    /// The roles of silo <paramref name="index"/>: every silo hosts coordination grains (the job, shot and dispatcher
    /// grains spread over them, and move to the others when one stops); silo 0 also serves the API. All work when the
    /// program has a worker role.
    /// </summary>
    public static string Roles(int index, bool withWorker) =>
        (index == 0 ? "coordinator,api" : "coordinator") + (withWorker ? ",worker" : "");
}
