using System.Net;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>An HTTP handler that answers from a script, one step per request, and records the requests.</summary>
public sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _steps = new(steps);
    private readonly List<(HttpMethod Method, Uri Uri)> _requests = [];

    public IReadOnlyList<(HttpMethod Method, Uri Uri)> Requests
    {
        get { lock (_requests) return _requests.ToArray(); }
    }

    /// <summary>A step that answers <paramref name="status"/>, with Azure's error code header for failures.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer(HttpStatusCode status, string errorCode = "", TimeSpan? retryAfter = null) =>
        (_, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
            if (errorCode.Length > 0) response.Headers.Add("x-ms-error-code", errorCode);
            if (retryAfter is { } delay) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
            return Task.FromResult(response);
        };

    /// <summary>A step that never answers (until cancelled).</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang =>
        async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        };

    /// <summary>A step that fails as a refused connection does.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Refuse =>
        (_, _) => Task.FromException<HttpResponseMessage>(
            new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step;
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!));
            if (!_steps.TryDequeue(out step!))
                throw new InvalidOperationException($"The script has no answer for request {_requests.Count}: {request.Method} {request.RequestUri}.");
        }
        return step(request, cancellationToken);
    }
}
