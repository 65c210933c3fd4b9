using System.Text;
using System.Text.Json;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>A test's reader of a server-sent event stream, as a browser's EventSource reads it: events of (type, data).</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public string ContentType => _response.Content.Headers.ContentType?.MediaType ?? "";

    public static async Task<EventStream> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments and the retry line skipped), or a TimeoutException after <paramref name="patience"/>.</summary>
    public async Task<(string Type, string Data)> NextAsync(TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        string type = "message";
        var data = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no event within {patience}");
            }
            if (line is null) throw new EndOfStreamException("the server closed the stream");
            if (line.Length == 0)
            {
                if (data.Length > 0) return (type, data.ToString());
                type = "message";
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
        }
    }

    /// <summary>Reads data events until one satisfies <paramref name="wanted"/>; returns it.</summary>
    public async Task<JsonElement> UntilAsync(Func<JsonElement, bool> wanted, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no matching event within {patience}");
            var (type, data) = await NextAsync(left);
            if (type != "message") continue;
            var json = JsonDocument.Parse(data).RootElement.Clone();
            if (wanted(json)) return json;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
