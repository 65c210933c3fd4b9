using StyleFarm.Silo.Storage.Schema;

namespace StyleFarm.Silo.Tests.Storage;

public class SchemaMigrationsTests
{
    private static readonly SchemaMigration One = new(1, "initial", "CREATE TABLE a (x integer)");
    private static readonly SchemaMigration Two = new(2, "more", "CREATE TABLE b (y integer)");
    private static readonly SchemaMigration Three = new(3, "most", "CREATE TABLE c (z integer)");

    private static AppliedMigration Applied(SchemaMigration m) => new(m.Version, m.Name, m.Checksum);

    [Fact]
    public void TheShippedMigrationsAreNumberedFromOne_TheLastDropsTheLeaseEngine()
    {
        var shipped = SchemaMigrations.Shipped();
        Assert.Equal(
            ["0001_initial", "0002_orleans_clustering", "0003_orleans_grain_state", "0004_orleans_reminders", "0005_drop_lease_engine"],
            shipped.Select(m => m.ToString()));
        Assert.Contains("CREATE TABLE tasks", shipped[0].Sql);
        Assert.Contains("DROP TABLE IF EXISTS tasks;", shipped[4].Sql);
    }

    [Fact]
    public void ChecksumIgnoresLineEndingsButNotContent()
    {
        var lf = new SchemaMigration(1, "a", "CREATE TABLE a (x integer);\nCREATE TABLE b (y integer);\n");
        var crlf = lf with { Sql = lf.Sql.Replace("\n", "\r\n") };
        var edited = lf with { Sql = lf.Sql.Replace("integer", "bigint") };
        Assert.Equal(lf.Checksum, new SchemaMigration(1, "a", crlf.Sql).Checksum);
        Assert.NotEqual(lf.Checksum, new SchemaMigration(1, "a", edited.Sql).Checksum);
        Assert.Equal(64, lf.Checksum.Length);
    }

    [Fact]
    public void PendingIsEveryMigrationAboveTheNewestApplied()
    {
        Assert.Equal([One, Two, Three], SchemaMigrations.Pending([], [One, Two, Three], "s"));
        Assert.Equal([Three], SchemaMigrations.Pending([Applied(One), Applied(Two)], [One, Two, Three], "s"));
        Assert.Empty(SchemaMigrations.Pending([Applied(One), Applied(Two), Applied(Three)], [One, Two, Three], "s"));
    }

    [Fact]
    public void StoreNewerThanThisBuildIsRefused()
    {
        var e = Assert.Throws<StoreSchemaException>(() => SchemaMigrations.Pending([Applied(One), Applied(Two), Applied(Three)], [One, Two], "/data/farm.db"));
        Assert.Equal(
            "the farm database /data/farm.db has schema version 3, but this build of StyleFarm knows versions up to 2: a newer StyleFarm has upgraded it. " +
            "Run that version (or newer) against this store, or point this one at another store.", e.Message);
    }

    [Fact]
    public void MigrationEditedAfterItWasAppliedIsRefused()
    {
        var edited = Two with { Sql = "CREATE TABLE b (y bigint)" };
        var e = Assert.Throws<StoreSchemaException>(() => SchemaMigrations.Pending([Applied(One), Applied(Two)], [One, new SchemaMigration(2, "more", edited.Sql)], "s"));
        Assert.StartsWith($"migration 2 of the farm database s was applied as 'more' with checksum {Two.Checksum}, but this build ships '0002_more' with checksum ", e.Message);
    }

    [Fact]
    public void GapInTheAppliedMigrationsIsRefused()
    {
        var e = Assert.Throws<StoreSchemaException>(() => SchemaMigrations.Pending([Applied(One), Applied(Three)], [One, Two, Three], "s"));
        Assert.StartsWith("the farm database s has migration 3 but lacks 2: ", e.Message);
    }

    [Fact]
    public void MigrationsMustBeNumberedOneTwoThreeWithoutGapsOrRepeats()
    {
        Assert.Equal([One, Two, Three], SchemaMigrations.Validate([Three, One, Two]));
        Assert.StartsWith("migrations are numbered 1, 3: they must be 1, 2, 3, … with no gap or repeat",
            Assert.Throws<ArgumentException>(() => SchemaMigrations.Validate([One, Three])).Message);
        Assert.StartsWith("migrations are numbered 1, 2, 2: ",
            Assert.Throws<ArgumentException>(() => SchemaMigrations.Validate([One, Two, Two with { Name = "again" }])).Message);
        Assert.Throws<ArgumentException>(() => SchemaMigrations.Validate([]));
    }
}
