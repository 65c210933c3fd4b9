using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Request = Azure.Core.Request;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// The SDK's retry policy (its rule of what to retry, exponential delays with jitter, Retry-After), which
/// also tells an observer about every retry before its wait: logs and tests see why and how long.
/// </summary>
internal sealed class ObservedRetryPolicy : RetryPolicy
{
    // The SDK asks the delay strategy right after ShouldRetry answered yes, on the same thread and without
    // awaiting anything in between; the strategy only sees the response, so the failed attempt travels here.
    [ThreadStatic] private static PendingRetry? _pending;

    private ObservedRetryPolicy(RetryOptions options, ObservedDelay delay) : base(options.MaxAttempts - 1, delay)
    {
    }

    /// <summary>The policy for <paramref name="options"/>, reporting to <paramref name="observer"/> (null: to nobody).</summary>
    public static ObservedRetryPolicy Create(RetryOptions options, Action<RetryAttempt>? observer) =>
        new(options, new ObservedDelay(DelayStrategy.CreateExponentialDelayStrategy(options.BaseDelay, options.MaxDelay), observer));

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception)
    {
        var retry = base.ShouldRetryAsync(message, exception);
        // The base answers synchronously; should that change, retries are still made, only not reported.
        if (retry.IsCompletedSuccessfully && retry.Result) Remember(message, exception);
        return retry;
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception)
    {
        var retry = base.ShouldRetry(message, exception);
        if (retry) Remember(message, exception);
        return retry;
    }

    private static void Remember(HttpMessage message, Exception? exception) =>
        _pending = new PendingRetry(message.ProcessingContext.RetryNumber + 1, Reason(message, exception), BlobOperation.Of(message.Request).On(BlobName(message.Request)));

    /// <summary>"503 ServerBusy", "connection refused", "no answer in time": why an attempt failed, without its address.</summary>
    public static string Reason(HttpMessage message, Exception? exception)
    {
        if (exception is null && message.HasResponse)
        {
            var code = message.Response.Headers.TryGetValue("x-ms-error-code", out var c) ? " " + c : "";
            return $"{message.Response.Status}{code}";
        }
        return Describe(exception);
    }

    /// <summary>A network failure in a few words (never the request's address, which may hold a SAS signature).</summary>
    public static string Describe(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }: return "connection refused";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }: return "connection reset";
                case SocketException s: return $"socket error {s.SocketErrorCode}";
                case TaskCanceledException or TimeoutException: return "no answer in time";
                case RequestFailedException { Status: > 0 } r: return $"{r.Status}{(string.IsNullOrEmpty(r.ErrorCode) ? "" : " " + r.ErrorCode)}";
            }
        }
        return "network error";
    }

    // The blob a request names (below the container), or null for a container request.
    private static string? BlobName(Request request)
    {
        var path = Uri.UnescapeDataString(request.Uri.Path).TrimStart('/');
        // Path-style (Azurite, an IP address or localhost): account/container/blob; host-style (Azure): container/blob.
        var skip = System.Net.IPAddress.TryParse(request.Uri.Host, out _) || request.Uri.Host == "localhost" ? 2 : 1;
        var segments = path.Split('/', skip + 1);
        return segments.Length > skip ? segments[skip] : null;
    }

    private sealed record PendingRetry(int Attempt, string Reason, string Operation);

    // The SDK's exponential strategy, announcing each delay it computes with the attempt it follows.
    // No jitter or cap of its own (the inner strategy applied both), so the delay announced is the delay waited.
    private sealed class ObservedDelay(DelayStrategy inner, Action<RetryAttempt>? observer) : DelayStrategy(TimeSpan.FromDays(1), jitterFactor: 0)
    {
        protected override TimeSpan GetNextDelayCore(Response? response, int retryNumber)
        {
            var delay = inner.GetNextDelay(response, retryNumber);
            var pending = _pending;
            _pending = null;
            observer?.Invoke(new RetryAttempt(retryNumber, delay, pending?.Reason ?? "", pending?.Operation ?? ""));
            return delay;
        }
    }
}
