using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

public sealed class SharedKeySignerTests
{
    private static HttpRequestMessage PutBlockRequest()
    {
        // Path-style (Azurite) address with an escaped space, and a block id that needs escaping ("ABC" + 0xFB → "QUJD+w==").
        var request = new HttpRequestMessage(HttpMethod.Put,
            "http://127.0.0.1:10000/devstoreaccount1/frames/job%201/a.png?comp=block&blockid=QUJD%2Bw%3D%3D");
        request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes("hello"));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentMD5 = MD5.HashData(Encoding.ASCII.GetBytes("hello"));
        request.Headers.Add("x-ms-version", "2021-08-06");
        request.Headers.Add("x-ms-date", "Mon, 02 Mar 2026 10:00:00 GMT");
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return request;
    }

    [Fact]
    public void StringToSignIsTheCanonicalForm()
    {
        var signer = new SharedKeySigner(AzureBlobAccount.DevelopmentAccountName, AzureBlobAccount.DevelopmentAccountKey);

        var text = signer.StringToSign(PutBlockRequest());

        Assert.Equal(
            "PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\napplication/octet-stream\n\n\n\n\n\n\n" +
            "x-ms-blob-type:BlockBlob\nx-ms-date:Mon, 02 Mar 2026 10:00:00 GMT\nx-ms-version:2021-08-06\n" +
            "/devstoreaccount1/devstoreaccount1/frames/job%201/a.png\nblockid:QUJD+w==\ncomp:block",
            text);
    }

    [Fact]
    public void SignatureIsTheHmacSha256OfTheStringToSignUnderTheAccountKey()
    {
        var signer = new SharedKeySigner(AzureBlobAccount.DevelopmentAccountName, AzureBlobAccount.DevelopmentAccountKey);
        var request = PutBlockRequest();

        signer.Sign(request);

        // Computed independently (Python's hmac module) from the string above.
        Assert.Equal("SharedKey", request.Headers.Authorization!.Scheme);
        Assert.Equal("devstoreaccount1:OKBJt5emeIxPadIp4cYpxUXXc7aYVtMaAj1WfMyQdjI=", request.Headers.Authorization.Parameter);
    }

    [Fact]
    public void RequestWithoutBodySignsAnEmptyLength()
    {
        var signer = new SharedKeySigner("acct", AzureBlobAccount.DevelopmentAccountKey);
        var request = new HttpRequestMessage(HttpMethod.Get, "https://acct.blob.core.windows.net/c?restype=container&comp=list&prefix=job-1%2F&maxresults=2");
        request.Headers.Add("x-ms-date", "Mon, 02 Mar 2026 10:00:00 GMT");
        request.Headers.Add("x-ms-version", "2021-08-06");

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 02 Mar 2026 10:00:00 GMT\nx-ms-version:2021-08-06\n" +
            "/acct/c\ncomp:list\nmaxresults:2\nprefix:job-1/\nrestype:container",
            signer.StringToSign(request));
    }

    [Fact]
    public void KeyThatIsNotBase64IsRejectedNamingTheAccount()
    {
        var error = Assert.Throws<ArgumentException>(() => new SharedKeySigner("acct", "not base64!"));
        Assert.Contains("\"acct\"", error.Message);
    }
}
