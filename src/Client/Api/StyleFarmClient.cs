using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Api;

/// <summary>
/// A typed client of a silo's JSON API (the contract is <see cref="ApiJsonContext"/>, shared with the
/// server). Every failure is a <see cref="StyleFarmApiException"/> that names the server and repeats
/// what it said: a 400's reason, a 409's conflicting state, a refused token, an unreachable address.
/// </summary>
public sealed class StyleFarmClient : IDisposable
{
    /// <summary>How long an ordinary request may take. A long poll gets its wait on top.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    /// <summary>How many times a read that the server answers 503 (the farm's grains moving) is sent, in all.</summary>
    public const int UnavailableRetries = 5;

    // The wait before the n-th retry of such a read is n times this (1 + 2 + 3 + 4 s in all).
    private static readonly TimeSpan UnavailableRetryDelay = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;

    /// <summary>A client of the server at <paramref name="server"/> sending <paramref name="token"/> as its bearer token.</summary>
    /// <param name="server">The API's address, e.g. http://127.0.0.1:5280.</param>
    /// <param name="token">The farm's API token; null sends none (only /healthz answers then).</param>
    /// <param name="handler">The HTTP handler to send through (tests); null for a new one.</param>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) address.</exception>
    public StyleFarmClient(Uri server, string? token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"server address '{server}' is not an http:// or https:// address: give --server http://HOST:PORT");
        Server = server;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = server;
        // Each call sets its own deadline (long polls wait longer than ordinary calls).
        _http.Timeout = Timeout.InfiniteTimeSpan;
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The server's address.</summary>
    public Uri Server { get; }

    /// <summary>Submits <paramref name="spec"/>; returns the stored job (state Submitted).</summary>
    public Task<JobView> SubmitAsync(JobSpec spec, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/jobs", JsonContent.Create(SubmitJobRequest.From(spec), ApiJsonContext.Default.SubmitJobRequest),
            ApiJsonContext.Default.JobView, RequestTimeout, cancellationToken);

    /// <summary>Every job, oldest first.</summary>
    public Task<IReadOnlyList<JobSummary>> ListAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/jobs", null, ApiJsonContext.Default.IReadOnlyListJobSummary, RequestTimeout, cancellationToken);

    /// <summary>The job with its progress.</summary>
    public Task<JobView> GetAsync(JobId job, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/jobs/{job}", null, ApiJsonContext.Default.JobView, RequestTimeout, cancellationToken);

    /// <summary>The job's tasks in id order: kind, place, state, silo, attempts, last error.</summary>
    public Task<IReadOnlyList<TaskView>> TasksAsync(JobId job, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/jobs/{job}/tasks", null, ApiJsonContext.Default.IReadOnlyListTaskView, RequestTimeout, cancellationToken);

    /// <summary>Cancels the job; returns it afterwards.</summary>
    public Task<JobView> CancelAsync(JobId job, CancellationToken cancellationToken) => ActAsync(job, "cancel", cancellationToken);

    /// <summary>Resumes a Failed or Cancelled job; returns it afterwards.</summary>
    public Task<JobView> ResumeAsync(JobId job, CancellationToken cancellationToken) => ActAsync(job, "resume", cancellationToken);

    /// <summary>Retries a Failed job's failed tasks; returns it afterwards.</summary>
    public Task<JobView> RetryFailedAsync(JobId job, CancellationToken cancellationToken) => ActAsync(job, "retry-failed", cancellationToken);

    /// <summary>
    /// The job's events after sequence <paramref name="after"/>. With <paramref name="wait"/>, the server
    /// holds the request until there is one or the wait passes (then the list is empty).
    /// </summary>
    public Task<JobEventsView> EventsAsync(JobId job, long after, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var path = $"api/jobs/{job}/events?after={after}";
        if (wait is { } w) path += $"&wait=true&timeout={Math.Max(1, (int)Math.Ceiling(w.TotalSeconds))}";
        return SendAsync(HttpMethod.Get, path, null, ApiJsonContext.Default.JobEventsView, RequestTimeout + (wait ?? TimeSpan.Zero), cancellationToken);
    }

    /// <summary>Every registered silo.</summary>
    public Task<IReadOnlyList<SiloView>> SilosAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/silos", null, ApiJsonContext.Default.IReadOnlyListSiloView, RequestTimeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private Task<JobView> ActAsync(JobId job, string action, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/jobs/{job}/{action}", null, ApiJsonContext.Default.JobView, RequestTimeout, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(method, path) { Content = content };
                response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false);
                // 503: a grain call reached a silo that just died; its grains move within seconds. A read is asked again.
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || method != HttpMethod.Get || attempt == UnavailableRetries) break;
                response.Dispose();
                await Task.Delay(UnavailableRetryDelay * attempt, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException e)
        {
            throw new StyleFarmApiException(Server, null,
                $"cannot reach the StyleFarm server at {Server}: {e.Message}. Check --server (or STYLEFARM_SERVER) and that a silo with the api role runs there", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StyleFarmApiException(Server, null, $"the StyleFarm server at {Server} did not answer {method} /{path} within {timeout.TotalSeconds:0} s", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw await FailureAsync(response, method, path, deadline.Token).ConfigureAwait(false);
            try
            {
                return await response.Content.ReadFromJsonAsync(answer, deadline.Token).ConfigureAwait(false)
                    ?? throw new StyleFarmApiException(Server, response.StatusCode, $"the server at {Server} answered {method} /{path} with an empty body");
            }
            catch (JsonException e)
            {
                throw new StyleFarmApiException(Server, response.StatusCode,
                    $"the server at {Server} answered {method} /{path} with JSON this client does not understand ({e.Message}): is it a StyleFarm silo of the same version?", e);
            }
        }
    }

    private async Task<StyleFarmApiException> FailureAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var said = await ReasonAsync(response, cancellationToken).ConfigureAwait(false);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"the server at {Server} refused the token ({status}): {said}",
            _ => $"the server at {Server} answered {method} /{path.Split('?')[0]} with {status}: {said}",
        };
        return new StyleFarmApiException(Server, response.StatusCode, message);
    }

    // The API's errors are {"error": "..."}; anything else (a proxy's page) is quoted briefly.
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonSerializer.Deserialize(text, ApiJsonContext.Default.ApiError) is { Error: { Length: > 0 } error }) return error;
        }
        catch (JsonException)
        {
            // Not the API's error body.
        }
        text = text.Trim();
        return text.Length == 0 ? "(no message)" : text.Length > 200 ? text[..200] + "…" : text;
    }
}
