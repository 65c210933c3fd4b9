namespace StyleFarm.Silo.Api;

/// <summary>
/// How the API role serves: where it listens, the operator's and the viewer's tokens (see <c>Access/README.md</c>), the
/// browser session, and its long-poll limits.
/// </summary>
public sealed record ApiOptions
{
    /// <summary>The default of <see cref="Urls"/>.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5280";

    /// <summary>
    /// Where Kestrel listens, ';'-separated. Default <see cref="DefaultUrls"/>: loopback only, because a
    /// farm's API belongs behind a proxy or an ingress; port 0 picks a free port (tests).
    /// </summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>
    /// The operator's token (<c>Authorization: Bearer TOKEN</c>, or the sign-in form): reads everything and also submits,
    /// cancels, resumes and retries jobs. No default: it is a secret.
    /// </summary>
    public required ApiToken OperatorToken { get; init; }

    /// <summary>
    /// The viewer's token: reads everything, changes nothing. Default null: the silo then admits only the operator.
    /// Must differ from <see cref="OperatorToken"/>.
    /// </summary>
    public ApiToken? ViewerToken { get; init; }

    /// <summary>
    /// How long a browser's sign-in lasts without a request (the session cookie's sliding expiry: a request after half of
    /// it renews it). Default 12 h: a working day, and an open dashboard's requests keep it alive while it renders. A
    /// silo restart ends every sign-in (the key that seals the cookie lives in the silo's memory).
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a sign-in with a wrong token waits before it answers; failed sign-ins wait their turn one at a time,
    /// so everyone together gets at most one guess per this interval (a right token never waits). Default 1 s.
    /// </summary>
    public TimeSpan FailedSignInDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long <c>GET /api/jobs/{id}/events?wait=true</c> waits for something new when the request
    /// gives no <c>timeout</c>. Default 30 s: shorter than the idle timeouts of common proxies (60 s).
    /// </summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>timeout</c> a long poll may ask for. Default 120 s.</summary>
    public TimeSpan MaxLongPollTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How often a waiting long poll asks the job grain for new events. Default 250 ms: one short grain call to an
    /// active grain, so a watcher sees a change within a quarter second at a cost of four calls a second per watcher.
    /// </summary>
    public TimeSpan LongPollRecheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most events one answer lists. Default 1000 (a client asks again after the last one).</summary>
    public int EventPageSize { get; init; } = 1000;

    /// <summary>
    /// How long a route waits for one grain call before it answers 503. Default 10 s: a live grain answers in
    /// milliseconds, and one whose silo just died is activated elsewhere within seconds, so the client's retry finds it;
    /// without this a call into a dead silo could hold the request for Orleans' whole 30 s response timeout.
    /// </summary>
    public TimeSpan GrainCallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long stopping waits for requests in flight (long polls are cut short). Default 5 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the values.</summary>
    /// <summary>How the dashboard (served on the same port, behind the same sign-in) reads the farm and pushes updates; see its defaults.</summary>
    public Dashboard.DashboardOptions Dashboard { get; init; } = new();

    /// <exception cref="ArgumentException">Names the value that is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls))
            throw new ArgumentException("the API has no address to listen on: give --urls http://HOST:PORT", nameof(Urls));
        foreach (var url in Urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"API address '{url}' is not an http://HOST:PORT address (TLS belongs to the proxy in front)", nameof(Urls));
        if (LongPollTimeout <= TimeSpan.Zero || MaxLongPollTimeout < LongPollTimeout)
            throw new ArgumentException($"long-poll timeout {LongPollTimeout} must be positive and at most the maximum {MaxLongPollTimeout}", nameof(LongPollTimeout));
        if (LongPollRecheckInterval <= TimeSpan.Zero)
            throw new ArgumentException($"long-poll recheck interval {LongPollRecheckInterval} must be positive", nameof(LongPollRecheckInterval));
        if (EventPageSize < 1)
            throw new ArgumentException($"event page size {EventPageSize} must be at least 1", nameof(EventPageSize));
        if (GrainCallTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"grain call timeout {GrainCallTimeout} must be positive", nameof(GrainCallTimeout));
        if (ViewerToken is not null && ViewerToken.SameAs(OperatorToken))
            throw new ArgumentException("the viewer token is the operator token: give the viewer a token of its own (e.g. `openssl rand -hex 24`)", nameof(ViewerToken));
        if (SessionIdleTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"session idle timeout {SessionIdleTimeout} must be positive", nameof(SessionIdleTimeout));
        if (FailedSignInDelay < TimeSpan.Zero)
            throw new ArgumentException($"failed sign-in delay {FailedSignInDelay} cannot be negative", nameof(FailedSignInDelay));
        if (ShutdownTimeout < TimeSpan.Zero)
            throw new ArgumentException($"API shutdown timeout {ShutdownTimeout} cannot be negative", nameof(ShutdownTimeout));
        Dashboard.Validate();
    }
}
