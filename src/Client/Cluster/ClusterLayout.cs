namespace StyleFarm.Client.Cluster;

/// <summary>Where a local farm keeps its files under its data folder, and which roles each silo runs.</summary>
/// <param name="Root">The data folder (`--data`).</param>
public sealed record ClusterLayout(string Root)
{
    /// <summary>The PostgreSQL database the silos use.</summary>
    public const string Database = "stylefarm";

    /// <summary>The PostgreSQL role the silos log in as: owner of <see cref="Database"/>, not a superuser, no CREATEROLE or CREATEDB.</summary>
    public const string SiloRole = "stylefarm_silo";

    /// <summary>PostgreSQL's superuser, whose password only `cluster up` uses (to create the silos' role and database).</summary>
    public const string AdminRole = "postgres";

    /// <summary>The account name of the farm's Azurite (its own, so Azurite's well-known development account is off).</summary>
    public const string AzuriteAccount = "stylefarm";

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

    /// <summary>The API's operator token (mode 600), kept across restarts so clients keep working; the CLI uses it.</summary>
    public string TokenFile => Path.Combine(Root, "token");

    /// <summary>The API's viewer token (mode 600: may read, not change), kept across restarts.</summary>
    public string ViewerTokenFile => Path.Combine(Root, "viewer-token");

    /// <summary>The password of PostgreSQL's superuser (mode 600), read only by `cluster up`.</summary>
    public string PostgresAdminPasswordFile => Path.Combine(Root, "postgres-admin.password");

    /// <summary>The password of the silos' PostgreSQL role <see cref="SiloRole"/> (mode 600).</summary>
    public string PostgresSiloPasswordFile => Path.Combine(Root, "postgres-silo.password");

    /// <summary>The key of Azurite's account <see cref="AzuriteAccount"/> (mode 600).</summary>
    public string AzuriteKeyFile => Path.Combine(Root, "azurite.key");

    /// <summary>Held while `up` or `down` runs, so two never interleave.</summary>
    public string LockFile => Path.Combine(Root, ".cluster.lock");

    /// <summary>PostgreSQL's folder (owned by the server's user, mode 700).</summary>
    public string PostgresFolder => Path.Combine(Root, "postgres");

    /// <summary>PostgreSQL's data folder.</summary>
    public string PostgresData => Path.Combine(PostgresFolder, "data");

    /// <summary>PostgreSQL's socket folder (mode 700: only the server's user reaches the socket).</summary>
    public string PostgresSockets => Path.Combine(PostgresFolder, "run");

    /// <summary>PostgreSQL's log.</summary>
    public string PostgresLog => Path.Combine(PostgresFolder, "server.log");

    /// <summary>The superuser's password for initdb, which reads it from a file; deleted as soon as initdb ends.</summary>
    public string PostgresInitPasswordFile => Path.Combine(PostgresFolder, "initdb.password");

    /// <summary>Azurite's folder (mode 700: its blobs are the farm's artifacts).</summary>
    public string AzuriteFolder => Path.Combine(Root, "azurite");

    /// <summary>Azurite's blob data.</summary>
    public string AzuriteData => Path.Combine(AzuriteFolder, "data");

    /// <summary>Azurite's log.</summary>
    public string AzuriteLog => Path.Combine(AzuriteFolder, "azurite.log");

    /// <summary>Where Azurite is installed when this program does not run from a checkout.</summary>
    public string AzuriteInstall => Path.Combine(AzuriteFolder, "npm");

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
