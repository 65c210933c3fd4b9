using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Telemetry;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Telemetry;

/// <summary>
/// Issue 12, part 3: `stylefarm silo --otlp-endpoint URL` pushes the silo's metrics (ours and Orleans') and its spans
/// (the job's, Orleans' grain calls) over OTLP, here to a stand-in collector (no Collector binary installs here).
/// </summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ASiloWithAnOtlpEndpointPushesItsMetricsAndTheJobsSpanToTheCollector()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        var options = TestSilo.Options(SiloRoles.Api | SiloRoles.Coordinator, _folder.Path) with
        {
            Telemetry = new TelemetryOptions { OtlpEndpoint = collector.Address, OtlpProtocol = OtlpProtocol.HttpProtobuf, ExportInterval = TimeSpan.FromSeconds(1) },
        };
        string id;
        await using (var silo = await TestSilo.StartAsync(options.Roles, options))
        {
            Assert.NotNull(silo.Host.Node.Services.GetService<MeterProvider>());
            Assert.NotNull(silo.Host.Node.Services.GetService<TracerProvider>());
            Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/metrics")).StatusCode);
            Assert.Contains(silo.Logs.Lines, l => l.Contains($"metrics and traces go to http://127.0.0.1:{collector.Address.Port} over OTLP", StringComparison.Ordinal));

            // No worker: the job waits in Planning, its plan task in the dispatcher's queue.
            var (status, job, error) = await ApiJson.SubmitAsync(silo.Http, ApiJson.Spec());
            Assert.True(status == HttpStatusCode.Created, error);
            id = job!.Id;
            Assert.True(await collector.WaitForAsync("metrics", "stylefarm.queue.depth", TimeSpan.FromSeconds(30)), "no StyleFarm metrics reached the collector");
            Assert.True(collector.Received("metrics", "Microsoft.Orleans"), "no Orleans metrics reached the collector");
        }

        // Stopping flushes the spans still batched.
        Assert.True(await collector.WaitForAsync("traces", id, TimeSpan.FromSeconds(10)), "the job's span did not reach the collector");
        Assert.True(collector.Received("traces", "stylefarm.job"));
        Assert.True(collector.Received("traces", "Microsoft.Orleans"), "no Orleans spans reached the collector");
    }

    public void Dispose() => _folder.Dispose();
}
