using System.Diagnostics;
using System.Globalization;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Bench.Throughput;

/// <summary>What one job on one farm took.</summary>
/// <param name="Silos">The farm's size.</param>
/// <param name="Wall">From submission to the job's Succeeded, on the store's clock.</param>
/// <param name="Frames">Frames of the job.</param>
/// <param name="Tasks">Tasks of the job.</param>
/// <param name="Gaps">The coordinator's gaps in its timeline.</param>
internal sealed record FarmRunResult(int Silos, TimeSpan Wall, int Frames, int Tasks, CoordinatorGaps Gaps)
{
    /// <summary>Frames per minute of wall time.</summary>
    public double FramesPerMinute => Frames / Wall.TotalMinutes;
}

/// <summary>Brings up a farm of N silos, runs the bench's job on it while polling its tasks, and brings it down.</summary>
internal sealed class FarmRun(ThroughputOptions options, string clip)
{
    // The job's state is read every this many task polls (a job view costs more than a task list).
    private const int JobEvery = 10;

    /// <summary>Runs the job once on <paramref name="silos"/> silos in the data folder <paramref name="data"/>.</summary>
    /// <exception cref="InvalidOperationException">The farm did not start, or the job did not succeed.</exception>
    /// <exception cref="TimeoutException">The job ran longer than the options allow.</exception>
    public async Task<FarmRunResult> RunAsync(int silos, string data, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.UpAsync(options.StyleFarm, data, silos, options.ThreadsPerSilo, BenchFarm.Roots(options.Work, options.Style), cancellationToken);
        using var api = new FarmApi(farm.Api, farm.Token);
        var id = await farm.SubmitAsync(
        [
            clip, "--style", options.Style, "-o", Path.Combine(data, "out.mkv"), "--preset", options.Preset,
            "--width", Text(options.Width), "--passes", Text(options.Passes), "--segment-length", Text(options.SegmentLength), "--halo", Text(options.Halo),
        ], cancellationToken);
        var timeline = new TaskTimeline();
        var waited = Stopwatch.StartNew();
        JobView job;
        for (var poll = 0; ; poll++)
        {
            timeline.Observe(await api.TasksAsync(id, cancellationToken));
            if (poll % JobEvery == 0)
            {
                job = await api.JobAsync(id, cancellationToken);
                if (!JobStateMachine.Active.Contains(job.State)) break;
            }
            if (waited.Elapsed > options.JobTimeout)
                throw new TimeoutException($"job {id} on {silos} silos did not end within {options.JobTimeout.TotalMinutes:0} min: see the silo logs in {data}/silos");
            await Task.Delay(options.PollInterval, cancellationToken);
        }
        if (job.State != JobState.Succeeded)
            throw new InvalidOperationException($"job {id} on {silos} silos ended {job.State}: {job.Error} (silo logs in {data}/silos)");
        timeline.Observe(await api.TasksAsync(id, cancellationToken));
        return new FarmRunResult(silos, job.UpdatedAt - job.SubmittedAt, job.FramesTotal ?? 0, job.TasksTotal, CoordinatorGaps.Of(timeline.Tasks));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
