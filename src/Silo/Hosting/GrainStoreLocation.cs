using StyleFarm.Silo.Storage.Schema;

namespace StyleFarm.Silo.Hosting;

/// <summary>Where a silo keeps the cluster's state.</summary>
public enum GrainStoreKind
{
    /// <summary>Grain state as files in a folder; the silo is a cluster of one on this machine (localhost clustering).</summary>
    Folder,

    /// <summary>The farm's PostgreSQL database: membership, grain state and reminders through Orleans' ADO.NET providers.</summary>
    Postgres,
}

/// <summary>
/// Where a silo's cluster state is, as `--store` gives it: <c>postgres:CONNSTRING</c> (a farm: an Npgsql connection
/// string, e.g. <c>postgres:Host=127.0.0.1;Port=5432;Username=postgres;Database=stylefarm</c>) or <c>folder:PATH</c> (one
/// silo on this machine, its grain state as files). <see cref="ToString"/> never shows a password.
/// </summary>
/// <param name="Kind">The back end.</param>
/// <param name="Target">The folder or the connection string.</param>
public sealed record GrainStoreLocation(GrainStoreKind Kind, string Target)
{
    /// <summary>The environment variable `stylefarm silo` reads the store from when `--store` is not given: a password there stays out of the process list.</summary>
    public const string Variable = "STYLEFARM_STORE";

    /// <summary>Parses <c>postgres:CONNSTRING</c> or <c>folder:PATH</c>.</summary>
    /// <exception cref="ArgumentException">The prefix is missing or unknown, or the rest is empty.</exception>
    public static GrainStoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : text[..colon];
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        var kind = scheme.ToLowerInvariant() switch
        {
            "folder" => GrainStoreKind.Folder,
            "postgres" or "postgresql" => GrainStoreKind.Postgres,
            "sqlite" => throw new ArgumentException(
                "the SQLite task store went with the lease engine (jobs run on Orleans grains): give folder:PATH (one silo on this machine) or postgres:CONNSTRING (a farm)"),
            _ => throw new ArgumentException(colon < 0
                ? "the store has no kind: write postgres:CONNSTRING (a farm) or folder:PATH (one silo on this machine)"
                : $"store kind '{scheme}' is unknown: write postgres:CONNSTRING (a farm) or folder:PATH (one silo on this machine)"),
        };
        if (string.IsNullOrWhiteSpace(rest))
            throw new ArgumentException(kind == GrainStoreKind.Folder
                ? "store 'folder:' has no path: write folder:PATH, e.g. folder:farm-state"
                : "store 'postgres:' has no connection string: write postgres:Host=…;Port=…;Username=…;Database=…");
        if (kind == GrainStoreKind.Postgres) _ = FarmDatabase.NameOf(rest);
        return new GrainStoreLocation(kind, rest);
    }

    /// <summary>"folder:PATH" or "postgres:host:port/database" (no credentials).</summary>
    public override string ToString() => Kind == GrainStoreKind.Folder ? $"folder:{Target}" : $"postgres:{FarmDatabase.NameOf(Target)}";
}
