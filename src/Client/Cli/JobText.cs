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
        if (job.Training is { } training)
        {
            // A training job has no frames or passes: its iteration, loss and model instead.
            lines.RemoveAll(l => l.StartsWith("preset", StringComparison.Ordinal) || l.StartsWith("frames", StringComparison.Ordinal));
            lines.Insert(4, $"training  {TrainingText(training)}");
            if (training.Model is { } model) lines.Insert(5, $"model     {model} (render with: submit --method network --model {model})");
        }
        if (job.SeamRatio is { } seam) lines.Add($"seams     {seam.ToString("0.###", CultureInfo.InvariantCulture)} (seam error ÷ inside error; 1 is invisible)");
        if (job.Error is { } error) lines.Add($"error     {error}");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>A training job's progress: "iteration 40/60, loss 12.3 (content 4.1, style 8.0, temporal 0.2, tv 0.01), 2.5 iterations/s".</summary>
    public static string TrainingText(Silo.Execution.TrainingStatus training)
    {
        var text = $"iteration {training.Iteration}/{training.Iterations}";
        if (training.Latest is { } l) text += $", {JobProgress.LossText(l)}";
        if (training.ResumedFrom > 0) text += $" (resumed from the checkpoint at {training.ResumedFrom})";
        if (training.IterationsPerSecond is { } rate) text += string.Create(CultureInfo.InvariantCulture, $", {rate:0.##} iterations/s");
        if (training.Curve.Count > 1)
            text += string.Create(CultureInfo.InvariantCulture, $"; curve {training.Curve[0].Total:G4} → {training.Curve[^1].Total:G4}");
        return text;
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
