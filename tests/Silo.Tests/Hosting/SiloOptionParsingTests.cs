using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Hosting;

/// <summary>What `stylefarm silo` accepts for --role, --store, --artifacts and --token, and how it says what is wrong.</summary>
public sealed class SiloOptionParsingTests
{
    [Theory]
    [InlineData("worker", SiloRoles.Worker)]
    [InlineData("worker,coordinator,api", SiloRoles.Worker | SiloRoles.Coordinator | SiloRoles.Api)]
    [InlineData(" API , Coordinator ", SiloRoles.Api | SiloRoles.Coordinator)]
    [InlineData("api,api", SiloRoles.Api)]
    public void RoleListsParseToTheirFlags(string text, SiloRoles expected) => Assert.Equal(expected, SiloRoleNames.Parse(text));

    [Fact]
    public void RolesFormatInTheOrderWorkerCoordinatorApi() =>
        Assert.Equal("worker,coordinator,api", SiloRoleNames.Format(SiloRoles.Api | SiloRoles.Worker | SiloRoles.Coordinator));

    [Theory]
    [InlineData("gpu", "role 'gpu' is unknown: use any of worker, coordinator, api, comma-separated")]
    [InlineData(" , ", "role list ' , ' is empty")]
    public void BadRoleListsSayWhatIsAccepted(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<ArgumentException>(() => SiloRoleNames.Parse(text)).Message);

    [Fact]
    public void StoreLocationsParseBothKinds()
    {
        Assert.Equal(new GrainStoreLocation(GrainStoreKind.Folder, "/data/farm"), GrainStoreLocation.Parse("folder:/data/farm"));
        Assert.Equal(new GrainStoreLocation(GrainStoreKind.Postgres, "Host=db;Port=5433;Database=farm"), GrainStoreLocation.Parse("postgres:Host=db;Port=5433;Database=farm"));
    }

    [Fact]
    public void AStoreLocationNeverPrintsItsPassword()
    {
        var location = GrainStoreLocation.Parse("postgres:Host=db;Port=5433;Database=farm;Username=u;Password=s3cret-pw");

        Assert.Equal("postgres:db:5433/farm", location.ToString());
    }

    [Theory]
    [InlineData("/data/farm", "the store has no kind: write postgres:CONNSTRING (a farm) or folder:PATH (one silo on this machine)")]
    [InlineData("mysql:Password=x", "store kind 'mysql' is unknown")]
    [InlineData("sqlite:/data/farm.db", "the SQLite task store went with the lease engine (jobs run on Orleans grains): give folder:PATH")]
    [InlineData("folder:", "store 'folder:' has no path")]
    [InlineData("postgres: ", "store 'postgres:' has no connection string")]
    public void BadStoreLocationsSayWhatToWrite(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => GrainStoreLocation.Parse(text));

        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain("Password=x", error.Message);
    }

    [Fact]
    public void ArtifactLocationsParseAFolderAndAnAzureConnectionWithItsContainer()
    {
        Assert.Equal(Path.GetFullPath("/data/artifacts"), ArtifactStoreLocation.Parse("folder:/data/artifacts").Folder);

        var azure = ArtifactStoreLocation.Parse("azure:DefaultEndpointsProtocol=http;AccountName=a;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/a;container=frames");

        Assert.Equal("DefaultEndpointsProtocol=http;AccountName=a;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/a", azure.AzureConnectionString);
        Assert.Equal("frames", azure.AzureContainer);
        Assert.Equal("artifacts", ArtifactStoreLocation.Parse("azure:UseDevelopmentStorage=true").AzureContainer);
    }

    [Theory]
    [InlineData("s3:bucket", "artifact store kind 's3' is unknown: write folder:PATH or azure:CONNSTRING[;container=NAME]")]
    [InlineData("folder:", "artifact store 'folder:' has no path")]
    [InlineData("azure:container=x", "artifact store 'azure:' has no connection string")]
    [InlineData("azure:UseDevelopmentStorage=true;container=a;container=b", "artifact store names the container twice")]
    public void BadArtifactLocationsSayWhatToWrite(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<ArgumentException>(() => ArtifactStoreLocation.Parse(text)).Message);

    [Fact]
    public void ATokenMatchesOnlyItsOwnBearerHeaderAndNeverPrints()
    {
        var token = new ApiToken("0123456789abcdef-token");

        Assert.True(token.Matches("Bearer 0123456789abcdef-token"));
        Assert.True(token.Matches("bearer 0123456789abcdef-token"));
        Assert.False(token.Matches("Bearer 0123456789abcdef-tokeN"));
        Assert.False(token.Matches("0123456789abcdef-token"));
        Assert.False(token.Matches(null));
        Assert.Equal("(hidden)", token.ToString());
        Assert.DoesNotContain("0123456789abcdef", new ApiOptions { OperatorToken = token, ViewerToken = new ApiToken("viewer-0123456789abcdef") }.ToString());
    }

    [Fact]
    public void AShortTokenIsRefusedWithTheRule() =>
        Assert.StartsWith("the API token must be at least 16 characters", Assert.Throws<ArgumentException>(() => new ApiToken("short")).Message);

    [Fact]
    public void GeneratedTokensAre48HexDigitsAndDiffer()
    {
        var a = ApiToken.Generate();

        Assert.Matches("^[0-9a-f]{48}$", a);
        Assert.NotEqual(a, ApiToken.Generate());
    }
}
