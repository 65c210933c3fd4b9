using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

public sealed class AzureStorageConnectionStringTests
{
    private const string Key = AzureBlobAccount.DevelopmentAccountKey;

    [Fact]
    public void AzuriteConnectionStringGivesThePathStyleEndpointAndKey()
    {
        var account = AzureStorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.BlobEndpoint);
        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal(Key, account.AccountKey);
        Assert.Null(account.SasToken);
    }

    [Fact]
    public void UseDevelopmentStorageMeansAzuriteOnItsDefaultPort()
    {
        var account = AzureStorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(AzureBlobAccount.Development(10000), account);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.BlobEndpoint);
    }

    [Fact]
    public void CloudConnectionStringBuildsTheEndpointFromNameAndSuffix()
    {
        var account = AzureStorageConnectionString.Parse($"defaultendpointsprotocol=https;accountname=farm01;accountkey={Key};endpointsuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://farm01.blob.core.chinacloudapi.cn"), account.BlobEndpoint);
        Assert.Equal("farm01", account.AccountName);
    }

    [Fact]
    public void DefaultSuffixIsAzurePublicCloud()
    {
        var account = AzureStorageConnectionString.Parse($"AccountName=farm01;AccountKey={Key}");

        Assert.Equal(new Uri("https://farm01.blob.core.windows.net"), account.BlobEndpoint);
    }

    [Fact]
    public void SasConnectionStringTakesTheAccountFromTheEndpoint()
    {
        var account = AzureStorageConnectionString.Parse(
            "BlobEndpoint=https://farm01.blob.core.windows.net;SharedAccessSignature=sv=2021-08-06&sr=c&sp=rwdl&se=2030-01-01T00%3A00%3A00Z&sig=abc%3D");

        Assert.Equal("farm01", account.AccountName);
        Assert.Null(account.AccountKey);
        Assert.Equal("sv=2021-08-06&sr=c&sp=rwdl&se=2030-01-01T00%3A00%3A00Z&sig=abc%3D", account.SasToken);
    }

    [Fact]
    public void PathStyleSasEndpointTakesTheAccountFromThePath()
    {
        var account = AzureStorageConnectionString.Parse("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=x&sig=y");

        Assert.Equal("devstoreaccount1", account.AccountName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountKey=abc=", "neither BlobEndpoint nor AccountName")]
    [InlineData("AccountName=a;AccountName=b;AccountKey=abc=", "sets \"AccountName\" twice")]
    [InlineData("AccountName=farm01;garbage", "\"garbage\" is not NAME=VALUE")]
    [InlineData("AccountName=farm01", "neither an account key nor a SAS token")]
    [InlineData("AccountName=farm01;AccountKey=not*base64", "not valid base64")]
    [InlineData("AccountName=farm01;AccountKey=abc=;SharedAccessSignature=sig=1", "both an account key and a SAS token")]
    [InlineData("AccountName=farm01;AccountKey=abc=;DefaultEndpointsProtocol=ftp", "use https or http")]
    [InlineData("BlobEndpoint=not an address;AccountKey=abc=", "not an absolute address")]
    [InlineData("UseDevelopmentStorage=false", "only \"true\" is meaningful")]
    public void MalformedConnectionStringsAreRejectedSayingWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AzureStorageConnectionString.Parse(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ErrorsNeverEchoTheAccountKey()
    {
        var error = Assert.Throws<FormatException>(() => AzureStorageConnectionString.Parse($"AccountName=farm01;AccountKey{Key}"));

        Assert.DoesNotContain(Key[..20], error.Message);
    }
}
