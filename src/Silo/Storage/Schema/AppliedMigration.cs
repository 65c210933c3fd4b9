namespace StyleFarm.Silo.Storage.Schema;

/// <summary>A row of a store's <c>schema_migrations</c> table: a migration that was applied to it.</summary>
/// <param name="Version">The migration's number.</param>
/// <param name="Name">Its name when it was applied.</param>
/// <param name="Checksum">Its <see cref="SchemaMigration.Checksum"/> when it was applied.</param>
public sealed record AppliedMigration(int Version, string Name, string Checksum);
