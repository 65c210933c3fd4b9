using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Grains.Tests.Support;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Telemetry;

/// <summary>The instruments a render of one job does not reach: retries, silo deaths, the flow cache's size.</summary>
public sealed class StyleFarmMetricsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly TempFolder _folder = new();

    private StyleFarmMetrics NewMetrics() => new(_services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void AFailedOrAbandonedAttemptWhoseTaskIsOfferedAgainCountsAsARetry_OneThatFailsTheTaskDoesNot()
    {
        var metrics = NewMetrics();
        using var capture = new TelemetryCapture(metrics.Meter).Start();
        var rules = new AttemptRules(new RetryPolicy(new LeaseOptions { MaxAttempts = 2 }), metrics);
        var token = LeaseToken.New();
        TaskRecord Begun(int attempts) => AttemptRules.Begin(new TaskRecord(Graphs.Task(0, 10), TaskState.Ready, attempts, T0), token, "gpu-1", T0);
        var failed = new AttemptResult { Task = Graphs.Task(0, 10).Id, Token = token, Error = "CUDA out of memory" };

        Assert.Equal(TaskState.Ready, rules.Finish(Begun(0), failed, T0).State);
        Assert.Equal(TaskState.Ready, rules.Abandon(Begun(0), "its silo died", T0).State);
        Assert.Equal(TaskState.Ready, rules.Abandon(Begun(0), "its silo died", T0).State);
        Assert.Equal(TaskState.Failed, rules.Finish(Begun(0), failed with { Permanent = true }, T0).State);
        Assert.Equal(TaskState.Failed, rules.Finish(Begun(1), failed, T0).State);
        Assert.Equal(TaskState.Failed, rules.Abandon(Begun(1), "its silo died", T0).State);

        var retried = capture.Collect()["stylefarm.tasks.retried"];
        var kind = StyleFarmMetrics.Word(Graphs.Task(0, 10).Kind);
        Assert.Equal(new Dictionary<string, double> { ["error"] = 1, ["silo_dead"] = 2 }, retried.ToDictionary(p => p.Tags["cause"], p => p.Value));
        Assert.All(retried, p => Assert.Equal(kind, p.Tags["kind"]));
    }

    [Fact]
    public void TheFlowCacheGaugeSumsTheCachesObservedNowAndReportsNothingOnceNoneIs()
    {
        var metrics = NewMetrics();
        using var capture = new TelemetryCapture(metrics.Meter).Start();
        var first = Cache("a", 1000, 234);
        var second = Cache("b", 4096);

        var a = metrics.ObserveFlowCache(first.SizeBytes);
        var b = metrics.ObserveFlowCache(second.SizeBytes);
        Assert.Equal(5330, Assert.Single(capture.Collect()["stylefarm.flow_cache.bytes"]).Value);
        File.WriteAllBytes(Path.Combine(second.Folder, "more.bin"), new byte[70]);
        Assert.Equal(5400, Assert.Single(capture.Collect()["stylefarm.flow_cache.bytes"]).Value);
        a.Dispose();
        Assert.Equal(4166, Assert.Single(capture.Collect()["stylefarm.flow_cache.bytes"]).Value);
        // A cache folder deleted under the worker is skipped, not an exception in the exporter.
        Directory.Delete(second.Folder, recursive: true);
        Assert.False(capture.Collect().ContainsKey("stylefarm.flow_cache.bytes"));
        b.Dispose();
        Assert.False(capture.Collect().ContainsKey("stylefarm.flow_cache.bytes"));
    }

    [Fact]
    public async Task TheDispatcherCountsEachSiloDeathOnceThoughEverySiloReportsIt()
    {
        await using var silo = await TestSilo.StartAsync(SiloRoles.Api | SiloRoles.Coordinator);
        using var capture = new TelemetryCapture(silo.Host.Node.Services.GetRequiredService<StyleFarmMetrics>().Meter).Start();
        var dispatcher = TaskOwners.Dispatcher(silo.Host.Grains);

        await dispatcher.SiloDiedAsync("S10.0.0.5:11111:1");
        await dispatcher.SiloDiedAsync("S10.0.0.5:11111:1");
        await dispatcher.SiloDiedAsync("S10.0.0.6:11111:1");

        Assert.Equal(2, Assert.Single(capture.Collect()["stylefarm.silo.deaths.handled"]).Value);
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }

    private StyleFarm.Silo.Execution.FlowCache Cache(string name, params int[] files)
    {
        var folder = Path.Combine(_folder.Path, name);
        Directory.CreateDirectory(Path.Combine(folder, "jobs"));
        for (var i = 0; i < files.Length; i++) File.WriteAllBytes(Path.Combine(folder, "jobs", $"{i}.bin"), new byte[files[i]]);
        return new StyleFarm.Silo.Execution.FlowCache(folder);
    }
}
