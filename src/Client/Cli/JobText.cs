using System.Globalization;
using System.Text.Json;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>How the job commands print a job: a few aligned lines, or the API's JSON.</summary>
public static class JobText
{
    /// <summary>The API's JSON of <paramref name="job"/>, on one line.</summary>
    public static string Json(JobView job) => JsonSerializer.Serialize(job, ApiJsonContext.Default.JobView);

    /// <summary>The job as aligned lines: id, state, frames, tasks, seam ratio and error when there are.</summary>
    public static string Text(JobView job)
    {
        var frames = job.FramesTotal is { } total ? $"{job.FramesDone}/{total}" : "not planned yet";
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
            : string.Join(Environment.NewLine, jobs.Select(j => $"{j.Id}  {j.State,-9}  {j.Input} → {j.Output}"));
}
