using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

public sealed class AzureBlobOptionsTests
{
    private static AzureBlobOptions Valid => new() { Account = AzureBlobAccount.Development(), Container = "artifacts" };

    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var options = Valid;

        Assert.Equal(8 << 20, options.SinglePutThreshold);
        Assert.Equal(4 << 20, options.BlockSize);
        Assert.Equal(4, options.BlockUploadConcurrency);
        Assert.Equal(1000, options.ListPageSize);
        Assert.Equal(TimeSpan.FromSeconds(100), options.RequestTimeout);
        Assert.True(options.CreateContainerIfMissing);
        Assert.Equal(new RetryOptions { MaxAttempts = 6, BaseDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(10) }, options.Retry);
        options.Validate();
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Artifacts")]
    [InlineData("-artifacts")]
    [InlineData("art--ifacts")]
    [InlineData("artifacts-")]
    [InlineData("art_ifacts")]
    public void InvalidContainerNamesAreRejected(string container)
    {
        var error = Assert.Throws<ArgumentException>(() => (Valid with { Container = container }).Validate());

        Assert.Contains($"Container name \"{container}\" is invalid", error.Message);
    }

    [Fact]
    public void OutOfRangeTransferSettingsAreRejectedNamingThem()
    {
        Assert.Contains("BlockSize", Assert.Throws<ArgumentException>(() => (Valid with { BlockSize = 0 }).Validate()).Message);
        Assert.Contains("ListPageSize", Assert.Throws<ArgumentException>(() => (Valid with { ListPageSize = 5001 }).Validate()).Message);
        Assert.Contains("SinglePutThreshold", Assert.Throws<ArgumentException>(() => (Valid with { SinglePutThreshold = -1 }).Validate()).Message);
        Assert.Contains("BlockUploadConcurrency", Assert.Throws<ArgumentException>(() => (Valid with { BlockUploadConcurrency = 0 }).Validate()).Message);
        Assert.Contains("RequestTimeout", Assert.Throws<ArgumentException>(() => (Valid with { RequestTimeout = TimeSpan.Zero }).Validate()).Message);
    }

    [Fact]
    public void FactoryBuildsTheConfiguredBackEnd()
    {
        using var http = new HttpClient();
        using var folder = new TempFolder();

        var local = ArtifactStoreFactory.Create(new ArtifactStoreOptions { Folder = folder.Path }, http);
        var azure = ArtifactStoreFactory.Create(new ArtifactStoreOptions
        {
            AzureConnectionString = "UseDevelopmentStorage=true",
            AzureContainer = "frames",
            ConfigureAzure = o => o with { BlockSize = 1 << 20 },
        }, http);

        Assert.Equal(folder.Path, Assert.IsType<FolderArtifactStore>(local).Root);
        var blobs = Assert.IsType<AzureBlobArtifactStore>(azure);
        Assert.Equal(("frames", 1 << 20), (blobs.Options.Container, blobs.Options.BlockSize));
        Assert.Contains("configure a folder", Assert.Throws<ArgumentException>(() => ArtifactStoreFactory.Create(new ArtifactStoreOptions(), http)).Message);
        Assert.Contains("choose one", Assert.Throws<ArgumentException>(() => ArtifactStoreFactory.Create(
            new ArtifactStoreOptions { Folder = folder.Path, AzureConnectionString = "UseDevelopmentStorage=true" }, http)).Message);
    }

    [Fact]
    public void PrintedOptionsHideTheKeyAndTheSasToken()
    {
        var keyed = Valid.ToString();
        var sas = (Valid with { Account = Valid.Account with { AccountKey = null, SasToken = "sv=1&sig=secret" } }).ToString();
        var selection = new ArtifactStoreOptions { AzureConnectionString = "UseDevelopmentStorage=true;AccountKey=secret" }.ToString();

        Assert.Contains("AccountName = devstoreaccount1", keyed);
        Assert.Contains("AccountKey = (hidden)", keyed);
        Assert.DoesNotContain(AzureBlobAccount.DevelopmentAccountKey[..16], keyed);
        Assert.Contains("SasToken = (hidden)", sas);
        Assert.DoesNotContain("secret", sas);
        Assert.DoesNotContain("secret", selection);
    }
}
