using System.Text;
using Microsoft.AspNetCore.Http;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// A page's live updates as server-sent events: the page's JSON as a <c>data:</c> event whenever it differs from the
/// last one sent, a <c>problem</c> event while the farm cannot answer (the stream goes on), a <c>gone</c> event when the
/// subject no longer exists, and a comment line when idle so that proxies keep the connection. Server-sent events
/// rather than SignalR or WebSockets: the browser only listens, EventSource reconnects on its own, and it needs no
/// script library.
/// </summary>
public sealed class LiveStream(SharedReads reads, DashboardOptions options, TimeProvider time)
{
    /// <summary>Streams the data read by <paramref name="read"/> (shared under <paramref name="key"/>) until the client leaves or <paramref name="stopping"/> fires.</summary>
    public async Task StreamAsync(HttpContext context, string key, Func<CancellationToken, Task<byte[]?>> read, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellation = linked.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        // Tells a buffering proxy (nginx) to pass each event on at once.
        response.Headers["X-Accel-Buffering"] = "no";
        byte[]? last = null;
        var lastWrite = time.GetUtcNow();
        try
        {
            await response.WriteAsync("retry: 2000\n\n", cancellation).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
            while (!cancellation.IsCancellationRequested)
            {
                string? message;
                try
                {
                    var data = await reads.GetAsync(key, read).WaitAsync(cancellation).ConfigureAwait(false);
                    if (data is null)
                    {
                        await response.WriteAsync("event: gone\ndata: {}\n\n", cancellation).ConfigureAwait(false);
                        break;
                    }
                    message = last is not null && data.AsSpan().SequenceEqual(last) ? null : "data: " + Encoding.UTF8.GetString(data) + "\n\n";
                    last = data;
                }
                catch (FarmUnavailableException e)
                {
                    message = "event: problem\ndata: " + System.Text.Json.JsonSerializer.Serialize(e.Message, DashboardJsonContext.Default.String) + "\n\n";
                    last = null;
                }
                var now = time.GetUtcNow();
                if (message is null && now - lastWrite >= options.KeepAliveInterval) message = ": still here\n\n";
                if (message is not null)
                {
                    await response.WriteAsync(message, cancellation).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                    lastWrite = now;
                }
                await Task.Delay(options.RefreshInterval, time, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The browser left or the silo stops: nothing to answer.
        }
    }
}
