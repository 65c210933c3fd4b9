using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StyleFarm.Silo.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP receiver on a free loopback port that keeps every body posted to /v1/metrics and /v1/traces (no
/// Collector binary installs here). The bodies are protobuf, in which names and string values appear as plain UTF-8,
/// so a test can look for them without decoding.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Signal, string Content)> _posts = [];

    private FakeOtlpCollector(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new FakeOtlpCollector(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (collector._posts) collector._posts.Add((signal, Encoding.UTF8.GetString(body.ToArray())));
            return Results.Ok();
        });
        await app.StartAsync();
        collector.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return collector;
    }

    /// <summary>Whether a body posted for <paramref name="signal"/> (metrics, traces) so far contains <paramref name="text"/>.</summary>
    public bool Received(string signal, string text)
    {
        lock (_posts) return _posts.Any(p => p.Signal == signal && p.Content.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Waits until <see cref="Received"/> holds, or the deadline passes.</summary>
    public async Task<bool> WaitForAsync(string signal, string text, TimeSpan deadline)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!Received(signal, text))
        {
            if (watch.Elapsed > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
