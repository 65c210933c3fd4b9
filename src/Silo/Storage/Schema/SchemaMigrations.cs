using System.Globalization;
using System.Text.RegularExpressions;

namespace StyleFarm.Silo.Storage.Schema;

/// <summary>
/// The migrations of the farm's PostgreSQL database shipped in this assembly (embedded <c>Migrations/NNNN_name.sql</c>),
/// and the rule that decides which of them a database still needs.
/// </summary>
public static partial class SchemaMigrations
{
    private const string ResourcePrefix = "StyleFarm.Silo.Storage.Schema.Migrations/";

    /// <summary>The shipped migrations, in order.</summary>
    public static IReadOnlyList<SchemaMigration> Shipped()
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        var prefix = ResourcePrefix;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
                throw new InvalidOperationException($"migration resource '{resource}' is not named NNNN_name.sql: rename the file under Storage/Schema/Migrations/");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        return Validate(migrations);
    }

    /// <summary>Sorts <paramref name="migrations"/> and checks they are numbered 1, 2, 3, … without gaps or repeats.</summary>
    /// <exception cref="ArgumentException">A number is missing or repeated.</exception>
    public static IReadOnlyList<SchemaMigration> Validate(IEnumerable<SchemaMigration> migrations)
    {
        var sorted = migrations.OrderBy(m => m.Version).ToList();
        if (sorted.Count == 0)
            throw new ArgumentException("there are no migrations: a store needs at least 0001", nameof(migrations));
        for (var i = 0; i < sorted.Count; i++)
            if (sorted[i].Version != i + 1)
                throw new ArgumentException($"migrations are numbered {string.Join(", ", sorted.Select(m => m.Version))}: they must be 1, 2, 3, … with no gap or repeat", nameof(migrations));
        return sorted;
    }

    /// <summary>
    /// The migrations of <paramref name="known"/> that a store with <paramref name="applied"/> still
    /// needs, in order (empty when it is up to date).
    /// </summary>
    /// <param name="applied">The store's <c>schema_migrations</c> rows.</param>
    /// <param name="known">The migrations this build ships, as <see cref="Validate"/> returns them.</param>
    /// <param name="store">Names the store in messages (a path or a database).</param>
    /// <exception cref="StoreSchemaException">The store is newer than this build, an applied migration was changed, or one is missing below the newest.</exception>
    public static IReadOnlyList<SchemaMigration> Pending(IReadOnlyCollection<AppliedMigration> applied, IReadOnlyList<SchemaMigration> known, string store)
    {
        var latest = known.Count == 0 ? 0 : known[^1].Version;
        var newest = applied.Count == 0 ? 0 : applied.Max(a => a.Version);
        if (newest > latest)
            throw new StoreSchemaException(
                $"the farm database {store} has schema version {newest}, but this build of StyleFarm knows versions up to {latest}: " +
                "a newer StyleFarm has upgraded it. Run that version (or newer) against this store, or point this one at another store.");
        var byVersion = known.ToDictionary(m => m.Version);
        foreach (var row in applied.OrderBy(a => a.Version))
        {
            var shipped = byVersion[row.Version];
            if (row.Checksum != shipped.Checksum)
                throw new StoreSchemaException(
                    $"migration {row.Version} of the farm database {store} was applied as '{row.Name}' with checksum {row.Checksum}, " +
                    $"but this build ships '{shipped}' with checksum {shipped.Checksum}: a migration was edited after it was released. " +
                    "Restore the released file and put the change in a new numbered migration.");
        }
        var present = applied.Select(a => a.Version).ToHashSet();
        var gaps = Enumerable.Range(1, newest).Where(v => !present.Contains(v)).ToList();
        if (gaps.Count > 0)
            throw new StoreSchemaException(
                $"the farm database {store} has migration {newest} but lacks {string.Join(", ", gaps)}: its schema_migrations table was edited by hand. " +
                "Restore it from a backup.");
        return known.Where(m => m.Version > newest).ToList();
    }

    [GeneratedRegex(@"^([0-9]{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
