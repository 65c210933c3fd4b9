using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>The error code and message of a failed Blob service response (x-ms-error-code header, or the XML body).</summary>
internal sealed record BlobErrorResponse(HttpStatusCode Status, string Code, string Message)
{
    public static async Task<BlobErrorResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() ?? "" : "";
        var message = "";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length > 0)
            {
                var error = XDocument.Parse(body).Root;
                code = error?.Element("Code")?.Value ?? code;
                // Azure puts a request id and a time on further lines; the first line is the message.
                message = (error?.Element("Message")?.Value ?? "").Split('\n')[0].Trim();
            }
        }
        catch (Exception e) when (e is XmlException or HttpRequestException or IOException)
        {
            // A body that is not Azure's error XML: the status and header still say enough.
        }
        return new BlobErrorResponse(response.StatusCode, code, message);
    }

    /// <summary>"403 AuthenticationFailed: Server failed to authenticate the request."</summary>
    public override string ToString()
    {
        var text = $"{(int)Status} {(Code.Length > 0 ? Code : Status.ToString())}";
        return Message.Length > 0 ? $"{text}: {Message}" : text;
    }
}
