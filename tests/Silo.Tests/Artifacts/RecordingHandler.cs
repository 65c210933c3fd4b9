using System.Net;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>Passes requests to the network and records each one with its answer.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) return _requests.ToArray(); }
    }

    public void Clear()
    {
        lock (_requests) _requests.Clear();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        lock (_requests) _requests.Add(new RecordedRequest(request.Method, request.RequestUri!, response.StatusCode));
        return response;
    }
}

/// <summary>One request: its method, address and answer.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, HttpStatusCode Status)
{
    /// <summary>The comp= parameter ("block", "blocklist", "list"), or "" for a plain blob request.</summary>
    public string Comp => System.Web.HttpUtility.ParseQueryString(Uri.Query)["comp"] ?? "";

    public string? Query(string name) => System.Web.HttpUtility.ParseQueryString(Uri.Query)[name];
}
