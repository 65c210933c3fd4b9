using System.Diagnostics;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Tests.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Telemetry;

/// <summary>
/// Issue 12, part 3: a tiny job rendered by the real worker and executors (an embedded farm) records what the
/// <c>StyleFarm</c> meter promises, and its spans form one trace: the job's span and one child per task.
/// </summary>
public sealed class FarmTelemetryTests : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task ARenderedJobCountsEveryFrameAndTaskAndItsTaskSpansAreChildrenOfTheJobSpan()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 8);
        await using var farm = await _farm.StartAsync();
        using var capture = new TelemetryCapture(farm.Metrics.Meter).Start();
        var finished = new List<TaskRunResult>();
        farm.TaskFinished += r => { lock (finished) finished.Add(r); };

        // 8 frames in 2 segments, 2 passes: plan, 2 flows, 4 stylize tasks, encode; each pass stylizes the 8 core frames.
        var result = await farm.RenderAsync(TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 2, segmentLength: 4, halo: 1), CancellationToken.None);

        Assert.True(result.Job.State == JobState.Succeeded, $"{result.Job.State}: {result.Job.Error}");
        var metrics = capture.Collect();
        var frames = Assert.Single(metrics["stylefarm.frames.stylized"]);
        Assert.Equal(16, frames.Value);
        Assert.Equal(new Dictionary<string, string> { ["method"] = "optimization", ["size"] = "64x48" }, frames.Tags);
        var frameTimes = Assert.Single(metrics["stylefarm.frame.duration"]);
        Assert.Equal(16, frameTimes.Count);
        Assert.InRange(frameTimes.Value, 0.001, 600);

        var tasks = metrics["stylefarm.task.duration"];
        Assert.All(tasks, p => Assert.Equal("committed", p.Tags["outcome"]));
        Assert.Equal(new Dictionary<string, long> { ["plan"] = 1, ["flow"] = 2, ["stylize"] = 4, ["encode"] = 1 },
            tasks.ToDictionary(p => p.Tags["kind"], p => p.Count));
        Assert.Equal(finished.Sum(r => r.Elapsed.TotalSeconds), tasks.Sum(p => p.Value), 6);

        var seam = Assert.Single(metrics["stylefarm.job.seam_ratio"]);
        Assert.Equal(1, seam.Count);
        Assert.Equal(result.Metrics!.SeamError.Ratio!.Value, seam.Value, 9);

        // Every artifact this job left in the store was written through the metered store (some more than once: the plan's, the flows').
        long stored = 0;
        await foreach (var artifact in _farm.Artifacts.ListAsync($"jobs/{result.Job.Id}/")) stored += artifact.Length;
        var moved = metrics["stylefarm.artifact.bytes"].ToDictionary(p => p.Tags["direction"], p => p.Value);
        Assert.True(moved["write"] >= stored, $"{moved["write"]} bytes written, but the store holds {stored}");
        Assert.True(moved["read"] > 0, "no artifact bytes were read");

        // The dispatcher of this farm's silo reports its queue: empty once the job is done.
        Assert.Equal(0, Assert.Single(metrics["stylefarm.queue.depth"]).Value);
        Assert.Equal(0, Assert.Single(metrics["stylefarm.tasks.running"]).Value);
        Assert.False(metrics.ContainsKey("stylefarm.tasks.retried"), "a task was retried");

        var spans = capture.SpansEnded.Where(s => s.TraceId.ToHexString() == ActivityContext.Parse(result.Job.TraceParent!, null).TraceId.ToHexString()).ToList();
        var job = Assert.Single(spans, s => s.DisplayName == "stylefarm.job");
        Assert.Equal(result.Job.TraceParent, job.Id);
        Assert.Equal(result.Job.Id.ToString(), job.GetTagItem("stylefarm.job.id"));
        var taskSpans = spans.Where(s => s != job).ToList();
        Assert.Equal(8, taskSpans.Count);
        Assert.All(taskSpans, s =>
        {
            Assert.Equal(job.SpanId, s.ParentSpanId);
            Assert.Equal($"stylefarm.task.{s.GetTagItem("stylefarm.task.kind")}", s.DisplayName);
            Assert.Equal(ActivityStatusCode.Ok, s.Status);
            Assert.True(s.StartTimeUtc >= job.StartTimeUtc, "a task span starts before its job's");
        });
        Assert.Equal(finished.Select(r => r.Task.Key).Order(), taskSpans.Select(s => (string)s.GetTagItem("stylefarm.task.key")!).Order());
        Assert.Equal(4, taskSpans.Count(s => s.DisplayName == "stylefarm.task.stylize"));
    }

    public void Dispose() => _farm.Dispose();
}
