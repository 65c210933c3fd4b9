using Npgsql;
using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// Where a silo's task store is, as `--store` gives it: <c>sqlite:PATH</c> or <c>postgres:CONNSTRING</c>
/// (an Npgsql connection string, e.g. <c>postgres:Host=127.0.0.1;Port=5432;Username=postgres;Database=stylefarm</c>).
/// <see cref="ToString"/> never shows a password.
/// </summary>
/// <param name="Kind">The back end.</param>
/// <param name="Target">The file path (SQLite) or the connection string (PostgreSQL).</param>
public sealed record TaskStoreLocation(TaskStoreKind Kind, string Target)
{
    /// <summary>Parses <c>sqlite:PATH</c> or <c>postgres:CONNSTRING</c>.</summary>
    /// <exception cref="ArgumentException">The prefix is missing or unknown, or the rest is empty.</exception>
    public static TaskStoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : text[..colon];
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        var kind = scheme.ToLowerInvariant() switch
        {
            "sqlite" => TaskStoreKind.Sqlite,
            "postgres" or "postgresql" => TaskStoreKind.Postgres,
            _ => throw new ArgumentException(colon < 0
                ? "task store has no kind: write sqlite:PATH (one machine) or postgres:CONNSTRING (a farm)"
                : $"task store kind '{scheme}' is unknown: write sqlite:PATH (one machine) or postgres:CONNSTRING (a farm)"),
        };
        if (string.IsNullOrWhiteSpace(rest))
            throw new ArgumentException(kind == TaskStoreKind.Sqlite
                ? "task store 'sqlite:' has no path: write sqlite:PATH, e.g. sqlite:farm.db"
                : "task store 'postgres:' has no connection string: write postgres:Host=…;Port=…;Username=…;Database=…");
        return new TaskStoreLocation(kind, rest);
    }

    /// <summary>Opens the store, creating (SQLite) or migrating it as needed.</summary>
    /// <exception cref="IOException">The file or server cannot be opened; the message says which and why.</exception>
    public async Task<ITaskStore> OpenAsync(CancellationToken cancellationToken) => Kind switch
    {
        TaskStoreKind.Sqlite => await SqliteTaskStore.OpenAsync(Target, cancellationToken).ConfigureAwait(false),
        _ => await PostgresTaskStore.OpenAsync(Target, cancellationToken).ConfigureAwait(false),
    };

    /// <summary>"sqlite:PATH" or "postgres:host:port/database" (no credentials).</summary>
    public override string ToString() => Kind == TaskStoreKind.Sqlite ? $"sqlite:{Target}" : $"postgres:{Redacted(Target)}";

    // The connection string may hold a password: show only where it points.
    private static string Redacted(string connectionString)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{settings.Host}:{settings.Port}/{settings.Database}";
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return "(a malformed connection string)";
        }
    }
}
