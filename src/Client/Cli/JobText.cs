using System.Globalization;
using System.Text.Json;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>
/// How the job commands print a job: a few aligned lines, or the API's JSON. Every path or URL shown loses its query
/// (<see cref="MediaInput.Redact"/>): a SAS signature is a secret (the API hides it too; this keeps older silos' answers safe).
/// </summary>
public static class JobText
{
    /// <summary>The API's JSON of <paramref name="job"/>, on one line.</summary>
    public static string Json(JobView job) => JsonSerializer.Serialize(Redacted(job), ApiJsonContext.Default.JobView);

    /// <summary>The job as aligned lines: id, state, frames (per pass when there are several), tasks, seam ratio and error when there are.</summary>
    public static string Text(JobView job)
    {
        job = Redacted(job);
        var progress = JobProgress.Of(job);
        var frames = job.FramesTotal is { } total ? $"{job.FramesDone}/{total}" : "not planned yet";
        if (job.FramesTotal is not null && job.Passes > 1) frames += $" (now {progress.Text()})";
        var lines = new List<string>
        {
            $"job       {job.Id}",
            $"state     {job.State}",
            $"input     {job.Input}",
            $"output    {job.Output}",
            $"preset    {job.Preset}, {job.Passes} pass{(job.Passes == 1 ? "" : "es")}",
            $"frames    {frames}",
            $"tasks     {job.TasksDone}/{job.TasksTotal}",
        };
        if (job.SeamRatio is { } seam) lines.Add($"seams     {seam.ToString("0.###", CultureInfo.InvariantCulture)} (seam error ÷ inside error; 1 is invisible)");
        if (job.Error is { } error) lines.Add($"error     {error}");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>One line per job: id, state, input → output.</summary>
    public static string List(IReadOnlyList<JobSummary> jobs) =>
        jobs.Count == 0
            ? "no jobs"
            : string.Join(Environment.NewLine, jobs.Select(j => $"{j.Id}  {j.State,-9}  {MediaInput.Redact(j.Input)} → {MediaInput.Redact(j.Output)}"));

    /// <summary>
    /// What a failed job's user should do: fix what the error says when no retry can help (a corrupt input),
    /// otherwise retry the failed tasks.
    /// </summary>
    public static string Failure(JobView job)
    {
        var error = job.Error is null ? "no error was recorded" : MediaInput.Redact(job.Error);
        return job.ErrorIsPermanent == true
            ? $"stylefarm: job {job.Id} failed: {error}. A retry would fail the same way: fix that, then submit the job again"
            : $"stylefarm: job {job.Id} failed: {error}. Retry with `stylefarm retry-failed {job.Id}`";
    }

    /// <summary>A time of day as watch prints it (local, HH:mm:ss).</summary>
    public static string Clock(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary><paramref name="job"/> with the queries of its URLs replaced by "?…".</summary>
    public static JobView Redacted(JobView job) => job with
    {
        Input = MediaInput.Redact(job.Input),
        Output = MediaInput.Redact(job.Output),
        Error = job.Error is null ? null : MediaInput.Redact(job.Error),
    };
}
