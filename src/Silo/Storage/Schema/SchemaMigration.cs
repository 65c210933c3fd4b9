using System.Security.Cryptography;
using System.Text;

namespace StyleFarm.Silo.Storage.Schema;

/// <summary>
/// One numbered step of the farm database's schema, from an embedded <c>Migrations/NNNN_name.sql</c>.
/// Applied steps are recorded with their checksum, so a step edited after it shipped is noticed.
/// </summary>
/// <param name="Version">Its number, from 1, applied in order.</param>
/// <param name="Name">What it does, from the file name ("initial").</param>
/// <param name="Sql">The statements.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of <see cref="Sql"/> with line endings normalised, in lower-case hex.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>"0001_initial".</summary>
    public override string ToString() => $"{Version:D4}_{Name}";
}
