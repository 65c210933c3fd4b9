namespace StyleFarm.Client.Cluster;

/// <summary>What `stylefarm cluster up` started, as DIR/cluster.json records it (readable by the owner only: it holds the token).</summary>
/// <param name="Api">The API's address (silo 0).</param>
/// <param name="Token">The farm's operator token, which the CLI uses (random, kept in DIR/token across restarts; the viewer's is in DIR/viewer-token).</param>
/// <param name="Postgres">The PostgreSQL server.</param>
/// <param name="Azurite">Azurite's blob service.</param>
/// <param name="Silos">The silo processes, silo 0 first.</param>
/// <param name="StartedAt">When the farm came up.</param>
/// <param name="InputRoots">The folders its silos read local inputs and style images from (`--input-root`).</param>
/// <param name="OutputRoots">The folders its silos write local outputs under (`--output-root`).</param>
public sealed record ClusterState(string Api, string Token, ClusterService Postgres, ClusterService Azurite, IReadOnlyList<ClusterSilo> Silos, DateTimeOffset StartedAt,
    IReadOnlyList<string>? InputRoots = null, IReadOnlyList<string>? OutputRoots = null)
{
    /// <summary>The input roots; none for a farm recorded before roots existed.</summary>
    public IReadOnlyList<string> InputRoots { get; init; } = InputRoots ?? [];

    /// <summary>The output roots; none for a farm recorded before roots existed.</summary>
    public IReadOnlyList<string> OutputRoots { get; init; } = OutputRoots ?? [];
}

/// <summary>The folders a farm's silos may read from and write to (absolute).</summary>
/// <param name="Input">Input roots.</param>
/// <param name="Output">Output roots.</param>
/// <param name="Given">Whether the user named them (`--input-root`/`--output-root`), rather than taking the default.</param>
public sealed record ClusterRoots(IReadOnlyList<string> Input, IReadOnlyList<string> Output, bool Given = true);

/// <summary>A server process of the farm.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="Port">Its port on 127.0.0.1.</param>
public sealed record ClusterService(int Pid, int Port);

/// <summary>A silo process of the farm.</summary>
/// <param name="Name">Its silo name.</param>
/// <param name="Roles">Its roles, as --role takes them.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="Log">Its log file.</param>
/// <param name="SiloPort">Its Orleans silo-to-silo port on 127.0.0.1 (kept across restarts).</param>
/// <param name="GatewayPort">Its Orleans gateway port on 127.0.0.1 (kept across restarts).</param>
public sealed record ClusterSilo(string Name, string Roles, int Pid, string Log, int SiloPort = 0, int GatewayPort = 0);
