using System.Net;

namespace StyleFarm.Client.Api;

/// <summary>The StyleFarm server refused a request, or could not be reached; the message says which server, what it answered and what to do.</summary>
public sealed class StyleFarmApiException : Exception
{
    /// <summary>An error answer or a failure to reach <paramref name="server"/>.</summary>
    public StyleFarmApiException(Uri server, HttpStatusCode? status, string message, Exception? inner = null)
        : base(message, inner)
    {
        Server = server;
        Status = status;
    }

    /// <summary>The server's address.</summary>
    public Uri Server { get; }

    /// <summary>The HTTP status it answered; null when it could not be reached.</summary>
    public HttpStatusCode? Status { get; }
}
